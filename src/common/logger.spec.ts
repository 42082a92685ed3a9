import { Writable } from 'node:stream';
import { createRootLogger, PinoNestLogger, resolveLogFormat } from './logger';

function capture(): { stream: Writable; lines(): string[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return { stream, lines: () => chunks.join('').split('\n').filter((line) => line !== '') };
}

describe('log format', () => {
  it('is short lines for a person at a terminal and JSON otherwise, unless LOG_FORMAT says which', () => {
    expect(resolveLogFormat(undefined, true)).toBe('pretty');
    expect(resolveLogFormat(undefined, false)).toBe('json');
    expect(resolveLogFormat('json', true)).toBe('json');
    expect(resolveLogFormat('pretty', false)).toBe('pretty');
  });

  it('writes one readable line per entry at a terminal: the time, Fejl/Advarsel when it is one, the message and the reason', () => {
    const out = capture();
    const logger = createRootLogger('info', 'pretty', out.stream);
    logger.info({ database: 'indlejret' }, 'Starter databasen …');
    logger.warn({ err: new Error('langsom disk') }, 'Databasen svarer langsomt');
    expect(out.lines()).toEqual([
      expect.stringMatching(/^\d\d:\d\d:\d\d Starter databasen …$/),
      expect.stringMatching(/^\d\d:\d\d:\d\d Advarsel: Databasen svarer langsomt: langsom disk$/),
    ]);
  });

  it('keeps JSON with every field when asked for JSON', () => {
    const out = capture();
    createRootLogger('info', 'json', out.stream).info({ url: 'http://localhost:3000' }, 'Kvalitetsloop kører');
    const [line] = out.lines();
    expect(JSON.parse(line!)).toMatchObject({ level: 30, service: 'kvalitetsloop', url: 'http://localhost:3000', msg: 'Kvalitetsloop kører' });
  });
});

describe('PinoNestLogger', () => {
  it("keeps Nest's start-up chatter (modules, routes) out of the info log and our own messages in it", () => {
    const out = capture();
    const nest = new PinoNestLogger(createRootLogger('info', 'json', out.stream));
    nest.log('Mapped {/api/v1/units, GET} route', 'RouterExplorer');
    nest.log('Nest application successfully started', 'NestApplication');
    nest.log('Demo-organisation indlæst', 'Demo');
    nest.error('Noget gik galt', 'stack', 'NestApplication');
    expect(out.lines().map((line) => JSON.parse(line).msg)).toEqual(['Demo-organisation indlæst', 'Noget gik galt']);
  });
});
