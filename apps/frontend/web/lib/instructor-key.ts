// The instructor key for the fault endpoints. Kept in sessionStorage: asked once per browser tab,
// gone when the tab closes, never in the URL and never in localStorage where it would outlive the
// class. The api compares it with its INSTRUCTOR_KEY (from a Secret) on every /api/fault request.

/** The request header the api reads the key from (the frontend's /api proxy forwards it). */
export const INSTRUCTOR_KEY_HEADER = 'X-Instructor-Key';

const STORAGE_ITEM = 'gitops-lab.instructor-key';

export class InstructorKey {
  constructor(private readonly storage: Storage) {}

  get(): string | undefined {
    return this.storage.getItem(STORAGE_ITEM) ?? undefined;
  }

  set(key: string): void {
    this.storage.setItem(STORAGE_ITEM, key);
  }

  clear(): void {
    this.storage.removeItem(STORAGE_ITEM);
  }
}
