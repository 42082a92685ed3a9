import type { Response } from 'express';
import type { JobAccepted } from './dto/job.dto';

/**
 * Answers 202 Accepted for a job just enqueued: its address in `Location`
 * and in the body, so a client can follow it with GET /api/v1/jobs/:id.
 */
export function acceptJob(res: Response, jobId: string): JobAccepted {
  const location = `/api/v1/jobs/${jobId}`;
  res.status(202).location(location);
  return { jobId, location, state: 'venter' };
}
