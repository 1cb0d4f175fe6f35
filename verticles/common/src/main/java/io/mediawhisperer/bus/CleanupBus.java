package io.mediawhisperer.bus;

/**
 * The bus contract of the cleanup verticle. Each sweep also runs on its own timer; these
 * addresses run one now (operators, tests). A sweep that another node is running answers
 * {@code {"skipped": true}} instead of running twice.
 */
public final class CleanupBus {

  /** {@code {}} -> {@code {"deleted": n}} or {@code {"skipped": true}}: deletes expired sessions. */
  public static final String SWEEP_SESSIONS = "cleanup.sessions.sweep";

  private CleanupBus() {
  }
}
