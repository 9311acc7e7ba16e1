/** Process exit codes of `accrue`: scripts and CI branch on them, so each keeps one meaning. */
export const ExitCode = {
  /** The command did what was asked (warnings and rejected rows written to rejects.csv included). */
  ok: 0,
  /** The user's plan or data stopped the command: plan errors, a file-level data error, a strict reject. */
  failed: 1,
  /** The command line itself is wrong: unknown command or option, missing argument. */
  usage: 2,
  /**
   * A bug in Accrue: something threw that no user input should be able to cause. Every user
   * mistake ends in 1 or 2 instead; test/cli/hostile-user.test.ts probes that none reaches 3.
   */
  internal: 3,
} as const;

/** One of the codes above. */
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
