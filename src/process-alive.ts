// Whether a process of this host is still running: what a lock or a scratch file left by it is worth.

/** Whether a process of this host is running. EPERM: it exists but belongs to someone else. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
