#!/usr/bin/env node
'use strict';
/** `npx overgang …` (and `npm run cli -- …`): the compiled CLI, built first if a source changed since the last build. */
require('./build').ensureBuilt();
require('../dist/src/cli.js');
