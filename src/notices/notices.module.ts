import { Module } from '@nestjs/common';
import { TransitionModule } from '../transition/transition.module';
import { MeController } from './me.controller';
import { MyNotices } from './my-notices.service';

@Module({
  imports: [TransitionModule],
  controllers: [MeController],
  providers: [MyNotices],
})
export class NoticesModule {}
