#!/usr/bin/env node
// The `patrolcast` command. It runs the TypeScript sources through tsx, so there is no build step.
import { register } from 'tsx/esm/api';

register();
await import('./program.ts');
