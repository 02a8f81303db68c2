// The fault endpoints can take pods down, so they answer only to the instructor: every request
// must carry the key (a Kubernetes Secret, INSTRUCTOR_KEY) in the X-Instructor-Key header.
import { createHash, timingSafeEqual } from 'node:crypto';
import { sendProblem } from '@gitops-lab/service-kit';
import type { RequestHandler } from 'express';

/** Lower case, as Node presents incoming header names. */
export const INSTRUCTOR_KEY_HEADER = 'x-instructor-key';

// Both sides are hashed first: timingSafeEqual needs equal lengths, and comparing digests keeps
// the time independent of how much of the key a guess got right and of the key's length.
const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/** 401 problem+json unless the request carries the instructor key; every request when none is set. */
export function requireInstructorKey(instructorKey: string | undefined): RequestHandler {
  const expected = instructorKey === undefined ? undefined : digest(instructorKey);
  return (req, res, next) => {
    const given = req.headers[INSTRUCTOR_KEY_HEADER];
    if (expected && typeof given === 'string' && timingSafeEqual(digest(given), expected)) {
      next();
      return;
    }
    res.setHeader('www-authenticate', 'Instructor-Key');
    sendProblem(res, {
      status: 401,
      title: 'Unauthorized',
      detail: expected
        ? `The fault endpoints need the instructor key in the X-Instructor-Key header.`
        : 'The fault endpoints are locked: INSTRUCTOR_KEY is not set on this api.',
    });
  };
}
