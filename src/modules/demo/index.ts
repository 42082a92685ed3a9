/** The demo module's public face. */
export { DemoModule } from './demo.module';
export { DemoService } from './demo.service';
export { DemoHistory } from './demo-history';
export { DEMO_ADMIN_EMAIL } from './demo-organisation';
