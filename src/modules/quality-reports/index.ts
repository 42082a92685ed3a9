/** The quality-reports module's public face. */
export { QualityReportsModule } from './quality-reports.module';
export { QualityReportsService } from './quality-reports.service';
export { CorrectMilestoneDto, CreateQualityReportDto, RecordMilestoneDto } from './dto/quality-report.dto';
export { toQualityReportResponse } from './quality-report.mapper';
export { TREATMENT_JOB, TreatmentJob } from './treatment.job';
export type { TreatmentJobInput } from './treatment.job';
