import { BadRequestException, ParseUUIDPipe } from '@nestjs/common';

/** Path ids must be UUIDs; anything else is a 400 before any query runs. */
export const uuidParam = new ParseUUIDPipe({ exceptionFactory: () => new BadRequestException('Adressen henviser ikke til en gyldig post: id’et i adressen skal være et UUID') });
