import { Module } from '@nestjs/common';
import { ObligationsModule } from '../obligations';
import { LearningLoopsService } from './learning-loops.service';

/** Learning loops: started from a quality report per unit, with the obligations their plan generates. */
@Module({
  imports: [ObligationsModule],
  providers: [LearningLoopsService],
  exports: [LearningLoopsService],
})
export class LearningLoopsModule {}
