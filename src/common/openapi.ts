import type { OpenAPIObject } from '@nestjs/swagger';

/**
 * Every operation can fail in the same few ways, with one error shape
 * (src/common/error.filter.ts). Declaring them once here keeps the
 * controllers thin and the document complete.
 */
export function withErrorResponses(document: OpenAPIObject): OpenAPIObject {
  document.components ??= {};
  document.components.schemas ??= {};
  document.components.schemas.Error = {
    type: 'object',
    required: ['statusCode', 'error', 'message'],
    properties: {
      statusCode: { type: 'integer', example: 422 },
      error: { type: 'string', example: 'Unprocessable Entity' },
      message: { type: 'string', description: 'På dansk', example: 'Bestyrelsen skal deltage i læringssamtale 1' },
      rule: { type: 'string', description: '422: reglen i ramme.md, der afviser', example: 'R27' },
      violations: {
        type: 'array',
        description: '422 ved bekræftelse af en læringssamtale: alle brudte regler',
        items: { type: 'object', properties: { rule: { type: 'string' }, message: { type: 'string' } } },
      },
      fields: {
        type: 'array',
        description: '400: de felter, der er forkerte',
        items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } } },
      },
      state: { type: 'string', description: '409: den nuværende tilstand' },
      event: { type: 'string', description: '409: den hændelse, tilstanden ikke tager imod' },
    },
  };
  const error = { content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
  const standard: Record<string, string> = {
    '400': 'Ugyldigt input (felterne nævnes)',
    '401': 'Mangler gyldigt token',
    '403': 'Kun for administratorer',
    '404': 'Findes ikke (eller er uden for ens område)',
    '409': 'Forældet version eller en hændelse, tilstanden ikke tager imod',
    '422': 'En regel i rammen afviser (regel-id i svaret)',
  };
  for (const [path, operations] of Object.entries(document.paths)) {
    for (const operation of Object.values(operations) as { responses?: Record<string, unknown>; security?: unknown }[]) {
      operation.responses ??= {};
      for (const [status, description] of Object.entries(standard)) {
        if (status === '401' && (path === '/health' || path.startsWith('/health/') || path.startsWith('/api/v1/calendar/'))) continue;
        operation.responses[status] ??= { description, ...error };
      }
    }
  }
  return document;
}
