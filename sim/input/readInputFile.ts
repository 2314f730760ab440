// Reading a file named on the command line, safely: a directory, a named pipe, a device or a
// socket is refused before any byte is read (a FIFO would block forever, /dev/zero never ends),
// and a regular file is read only up to the size limit, so a growing or huge file cannot grow our
// memory. Node only (the CLI); the visualizer reads a File object, whose size it checks itself.
import { closeSync, constants, fstatSync, openSync, readSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { UsageError } from '../../src/config';
import { MAX_FILE_BYTES } from './limits';
import { quoted } from './terminalText';

const REASONS: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'it is a directory',
  ENOTDIR: 'a part of the path is not a directory',
  ELOOP: 'too many symbolic links',
  ENAMETOOLONG: 'the name is too long',
  EMFILE: 'too many open files',
  ENXIO: 'it is a named pipe or device with nobody at the other end',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
};

function reason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  return (code && Object.hasOwn(REASONS, code) ? REASONS[code] : code) ?? 'an unknown error';
}

function kindOf(st: { isDirectory(): boolean; isFIFO(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean; isSocket(): boolean }): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a named pipe';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

/** A file over the size limit: a caller may say what to do instead (replay: the --choices form). */
export class FileTooLargeError extends UsageError {}

/** The file's text (UTF-8), or a UsageError saying in one sentence why it cannot be read. */
export function readInputFile(path: string, maxBytes = MAX_FILE_BYTES): string {
  if (path === '') throw new UsageError('expected a file name, got an empty string');
  let fd: number;
  try {
    // O_NONBLOCK: opening a named pipe with no writer must not wait for one.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    throw new UsageError(`cannot read ${quoted(path)}: ${reason(e)}`);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new UsageError(`cannot read ${quoted(path)}: it is ${kindOf(st)}, not a regular file`);
    if (st.size > maxBytes) throw new FileTooLargeError(`cannot read ${quoted(path)}: it has ${st.size} bytes, more than the limit of ${maxBytes}`);
    // Read at most maxBytes + 1: a file that grows while we read (or reports size 0, as /proc
    // files do) is still cut off at the limit.
    const buf = Buffer.alloc(Math.min(maxBytes + 1, Math.max(st.size + 1, 64 * 1024)));
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      let n: number;
      try {
        n = readSync(fd, buf, 0, Math.min(buf.length, maxBytes + 1 - total), null);
      } catch (e) {
        throw new UsageError(`cannot read ${quoted(path)}: ${reason(e)}`);
      }
      if (n === 0) break;
      chunks.push(Buffer.from(buf.subarray(0, n)));
      total += n;
      if (total > maxBytes) throw new UsageError(`cannot read ${quoted(path)}: it is larger than the limit of ${maxBytes} bytes`);
    }
    const bytes = Buffer.concat(chunks, total);
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      throw new UsageError(`cannot read ${quoted(path)}: it is not UTF-8 text`);
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * Refuses an output path that writing would fail on, before any work is done: an empty name, a
 * missing folder, a directory, a named pipe or socket (writing to one could block forever).
 */
export function checkOutputPath(path: string): void {
  if (path === '') throw new UsageError('--out expects a file name, got an empty string');
  let st;
  try {
    st = statSync(path, { throwIfNoEntry: false });
  } catch (e) {
    throw new UsageError(`cannot write ${quoted(path)}: ${reason(e)}`);
  }
  if (st?.isDirectory()) throw new UsageError(`cannot write ${quoted(path)}: it is a directory; give a file name`);
  if (st && (st.isFIFO() || st.isSocket())) throw new UsageError(`cannot write ${quoted(path)}: it is ${kindOf(st)}, not a regular file`);
  if (!st) {
    const dir = dirname(path);
    let parent;
    try {
      parent = statSync(dir, { throwIfNoEntry: false });
    } catch (e) {
      throw new UsageError(`cannot write ${quoted(path)}: ${reason(e)}`);
    }
    if (!parent) throw new UsageError(`cannot write ${quoted(path)}: the folder ${quoted(dir)} does not exist`);
    if (!parent.isDirectory()) throw new UsageError(`cannot write ${quoted(path)}: ${quoted(dir)} is not a folder`);
  }
}

/** Writes `text` to `path` after checkOutputPath; any other failure is a UsageError too. */
export function writeOutputFile(path: string, text: string): void {
  checkOutputPath(path);
  try {
    writeFileSync(path, text);
  } catch (e) {
    throw new UsageError(`cannot write ${quoted(path)}: ${reason(e)}`);
  }
}
