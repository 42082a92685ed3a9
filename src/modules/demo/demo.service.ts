import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { OrganisationImportService } from '../organisation';
import { DEMO_ADMIN_EMAIL, demoPeopleCsv, demoUnitsCsv } from './demo-organisation';
import { loadDemoEnheder } from './demo-enheder';

/** Loads the demo organisation through the real import (idempotent). */
@Injectable()
export class DemoService {
  private readonly logger = new Logger('Demo');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly importer: OrganisationImportService,
  ) {}

  async isEmpty(): Promise<boolean> {
    const [{ count }] = await this.db.query(`SELECT count(*)::int AS count FROM unit`);
    return count === 0;
  }

  /** DEMO=1 makes sure the demo is there; it never re-imports over an administrator's later changes. */
  async isLoaded(): Promise<boolean> {
    return (await this.db.query(`SELECT 1 FROM person WHERE lower(email) = $1`, [DEMO_ADMIN_EMAIL])).length > 0;
  }

  async load(): Promise<void> {
    const result = await this.importer.import({
      units: { name: 'demo-units.csv', text: demoUnitsCsv() },
      people: { name: 'demo-people.csv', text: demoPeopleCsv() },
    }, undefined, { actor: null, source: 'demo-organisation' });
    const sites = await this.db.transaction((em) => loadDemoEnheder(em));
    this.logger.log(`Demo-organisation indlæst: ${result.units.created} nye enheder, ${result.people.created} nye personer, ${sites} tilsynsenheder (R4)`);
  }
}
