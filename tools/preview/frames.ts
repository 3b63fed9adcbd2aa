import { randomBytes } from 'node:crypto';
import type { ExtensionContext } from '../forge-runtime';
import type { PreviewModule } from './manifest';

/**
 * The server-side record of every module frame the host page has shown. A frame is known by an unguessable token;
 * the record — not anything the frame or its app sends — decides which module, person, space and content a bridge
 * call is for, as Forge's own context does (the resolver's `context.accountId` comes from the platform principal).
 */

/** One module frame. */
export interface FrameRecord {
  token: string;
  module: PreviewModule;
  /** The viewing person chosen in the host's switcher when the frame was created. */
  accountId: string;
  extension: ExtensionContext;
  /** Set when the app called `view.theme.enable()`: its context then carries the theme. */
  themed: boolean;
  createdAt: number;
}

/** How many frame records are kept: every host page render creates one or two, so old ones are dropped. */
const MAX_FRAMES = 2000;

/** The frame records of one preview server. */
export class FrameRegistry {
  private readonly frames = new Map<string, FrameRecord>();

  /** Records a new frame and returns it. The oldest record is dropped beyond {@link MAX_FRAMES}. */
  create(module: PreviewModule, accountId: string, extension: ExtensionContext): FrameRecord {
    const record: FrameRecord = { token: randomBytes(18).toString('base64url'), module, accountId, extension, themed: false, createdAt: Date.now() };
    this.frames.set(record.token, record);
    while (this.frames.size > MAX_FRAMES) {
      const oldest = this.frames.keys().next().value;
      if (oldest === undefined) break;
      this.frames.delete(oldest);
    }
    return record;
  }

  /** The record for a token, or undefined (unknown, or dropped after a restart or by age). */
  get(token: string): FrameRecord | undefined {
    return this.frames.get(token);
  }

  /** Number of live records (tests). */
  get size(): number {
    return this.frames.size;
  }
}
