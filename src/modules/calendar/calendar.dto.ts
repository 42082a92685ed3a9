import { ApiProperty } from '@nestjs/swagger';

export class CalendarFeedResponse {
  @ApiProperty({
    description: 'Abonnements-adressen, absolut (fra PUBLIC_URL), med mine egne forpligtelser. Den vises kun én gang; en ny erstatter den gamle.',
    example: 'https://kvalitetsloop.aarhus.dk/api/v1/calendar/Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGx5.ics',
  })
  url!: string;
  @ApiProperty({
    description: 'Samme abonnement med alt i mine enheder (?omfang=enheder)',
    example: 'https://kvalitetsloop.aarhus.dk/api/v1/calendar/Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGx5.ics?omfang=enheder',
  })
  unitsUrl!: string;

  @ApiProperty({ description: 'Kalendertokenet (32 tilfældige bytes, base64url, 43 tegn). Kun hashen gemmes.', example: 'Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGx5' })
  token!: string;
}
