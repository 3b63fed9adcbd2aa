#!/usr/bin/env node
'use strict';
// The command line of Secure Confluence (docs/cli.md). Runs the TypeScript sources through tsx, so
// `npx secure-confluence audit …` works inside the repository without a build step.
require('tsx/cjs');
require('../src/cli/main.ts');
