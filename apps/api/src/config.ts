// Every environment variable the api reads, validated at start-up (see docs/en/api.md).
import { bool, fraction, int, serviceEnvSchema, string, url } from '@gitops-lab/service-kit';

export const apiEnvSchema = serviceEnvSchema({
  DATABASE_URL: url(['postgres:', 'postgresql:']).optional(),
  // Only looked at to choose PostgreSQL: `pg` itself reads PGHOST/PGPORT/PGUSER/PGPASSWORD/PGDATABASE.
  PGHOST: string().optional(),
  DATA_DIR: string().default('./.data/api'),
  /** The /api/fault/* endpoints exist; off unless a deployment turns them on. */
  FAULT_INJECTION: bool().default(false),
  /** The key every /api/fault/* request must carry (X-Instructor-Key); from the Secret `instructor-key`. */
  INSTRUCTOR_KEY: string({ maxLength: 256 }).optional(),
  FAULT_ERROR_RATE: fraction().default(0),
  FAULT_LATENCY_MS: int({ min: 0, max: 60_000 }).default(0),
  FAULT_STARTUP_DELAY_MS: int({ min: 0, max: 600_000 }).default(0),
  FAULT_NEVER_READY: bool().default(false),
  FAULT_CRASH_AFTER_MS: int({ min: 1, max: 86_400_000 }).optional(),
});
