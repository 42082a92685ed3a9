/** The learning-loops module's public face. */
export { LearningLoopsModule } from './learning-loops.module';
export { LearningLoopsService } from './learning-loops.service';
