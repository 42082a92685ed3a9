import { Injectable } from '@nestjs/common';

/**
 * Where people reach the service (PUBLIC_URL): every link handed to someone
 * outside the browser session (a calendar subscription, a link in an e-mail)
 * is absolute from here.
 *
 * Web paths of the pages (served by the web application, same origin):
 * `/forpligtelser/:id` for an obligation, `/enheder/:id` for a unit.
 */
@Injectable()
export class PublicUrl {
  constructor(readonly base: string) {}

  /** `path` starts with a slash. */
  link(path: string): string {
    return `${this.base}${path}`;
  }

  obligation(id: string): string {
    return this.link(`/forpligtelser/${id}`);
  }

  unit(id: string): string {
    return this.link(`/enheder/${id}`);
  }
}
