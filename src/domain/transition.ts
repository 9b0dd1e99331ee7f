/** A lifecycle step that does not apply to the state read (already done, not due, someone else's), and why. */
export interface Refused {
  refused: string;
}

export const isRefused = <T extends object>(step: T | Refused): step is Refused => 'refused' in step;
