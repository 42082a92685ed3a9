import { ApiProperty } from '@nestjs/swagger';

export class JobProgress {
  @ApiProperty({ description: 'Hvor meget der er gjort, i jobbets egen enhed (trin for byrådsbehandlingen, rækker for importen, enheder for datapakker og eksport)' })
  done!: number;
  @ApiProperty({ nullable: true, type: Number, description: 'Hvor meget der er i alt; null før jobbet har talt op' })
  total!: number | null;
}

export class JobError {
  @ApiProperty({ description: 'Hvorfor, på dansk' })
  message!: string;
  @ApiProperty({ required: false, description: 'Reglen i ramme.md, der afviste (fx R13)' })
  rule?: string;
  @ApiProperty({ required: false, description: 'Feltet i forespørgslen, det gælder' })
  field?: string;
  @ApiProperty({ required: false, description: 'En imports fejl: filen, den står i (fx people.csv)' })
  file?: string;
  @ApiProperty({ required: false, description: 'En imports fejl: linjen i filen (1 er overskriften)' })
  line?: number;
  @ApiProperty({ required: false, description: 'En imports fejl: kolonnen' })
  column?: string;
  @ApiProperty({ required: false, description: 'true, når jobbet fejlede uventet (ikke en afvisning); intet af det er gemt' })
  unexpected?: boolean;
}

export class JobResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ description: 'Jobtypen: byraadsbehandling, datapakke-udgivelse, halvaarsudgivelse, organisationsimport, tilsynsdaekning-eksport' })
  kind!: string;
  @ApiProperty({ enum: ['venter', 'koerer', 'faerdig', 'fejlet'] })
  state!: string;
  @ApiProperty({ type: JobProgress })
  progress!: JobProgress;
  @ApiProperty({ description: 'Antal forsøg indtil nu (et job prøves igen, når et forsøg dør undervejs)' })
  attempts!: number;
  @ApiProperty({ nullable: true, description: 'Resultatet, når jobbet er færdigt (samme form som den synkrone handling gav; en eksport: { filename, bytes, units }, filen hentes med GET /api/v1/jobs/:id/file)' })
  result!: unknown;
  @ApiProperty({ type: [JobError], nullable: true, description: 'Hvorfor jobbet fejlede' })
  errors!: JobError[] | null;
  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  finishedAt!: string | null;
}

/** The body of a 202: where to follow the job. */
export class JobAccepted {
  @ApiProperty({ format: 'uuid' })
  jobId!: string;
  @ApiProperty({ description: 'Jobbets adresse (også i Location-headeren), fx /api/v1/jobs/…' })
  location!: string;
  @ApiProperty({ enum: ['venter'] })
  state!: string;
}
