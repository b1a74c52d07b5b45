// A command whose handler runs until the test lets it finish: for checking that platforms are
// acknowledged while work is still going on.
import { actionsFor, type CommandSpec } from '../../src/bot/command-spec.ts';

export function slowCommand() {
  let release: () => void = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let started: () => void = () => {};
  const running = new Promise<void>((resolve) => {
    started = resolve;
  });
  const define = actionsFor<null>();
  const spec: CommandSpec<null> = {
    name: 'slow',
    description: 'waits for the test',
    action: define({
      description: 'waits for the test',
      role: 'viewer',
      options: [{ name: 'n', description: 'a number', type: 'integer', min: 1, max: 5 }],
      visibility: 'channel',
      async handler({ options }) {
        started();
        await released;
        return { title: options.n === undefined ? 'finally' : `done ${options.n}` };
      },
    }),
  };
  /** `running` settles when the handler has started; `release` lets it answer. */
  return { spec, running, release };
}
