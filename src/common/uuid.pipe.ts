import { BadRequestException, ParseUUIDPipe } from '@nestjs/common';

/** Path ids must be UUIDs; anything else is a 400 before any query runs. */
export const uuidParam = new ParseUUIDPipe({ exceptionFactory: () => new BadRequestException('id skal være et UUID') });
