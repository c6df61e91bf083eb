// Lists the POSIX objects of the directory named on the command line, as
// the core does for /dev/shm, and prints them as JSON. Run by
// symlink-listing.test.ts as another user, whose lstat of each name fails.
import { DEFAULT_ROOTS, listLinux } from '../../src-main/core/listing/linux';

const listing = await listLinux({ ...DEFAULT_ROOTS, shmDir: process.argv[2]! });
process.stdout.write(`${JSON.stringify(listing.entries.filter((entry) => entry.kind === 'posix'))}\n`);
