// The BrowserWindows' security checklist and layout, checked on the double.
import { describe, expect, it } from 'vitest';
import { FakeBrowserWindow } from '../support/electron-double';
import {
  blockFrom,
  blockFromUrl,
  pageQuery,
  hardenContents,
  ourUrlPredicate,
  tileBounds,
  windowCountFrom,
  windowFrame,
} from '../../src-main/electron/app-windows';

describe('Electron windows', () => {
  it('a window starts hidden, at the size or the place asked (its webPreferences: main-bundle.test.ts)', () => {
    expect(windowFrame()).toMatchObject({ width: 1200, height: 800, show: false });
    expect(windowFrame({ x: 960, y: 25, width: 960, height: 1055 })).toMatchObject({
      x: 960,
      y: 25,
      width: 960,
      height: 1055,
      show: false,
    });
    expect(windowFrame()).not.toHaveProperty('webPreferences');
  });

  it('navigation, window.open and webviews are refused', () => {
    const window = new FakeBrowserWindow(windowFrame());
    const refused: string[] = [];
    hardenContents(window.webContents, (message) => refused.push(message));
    expect(window.webContents.windowOpenHandler?.({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    expect(window.webContents.emitPreventable('will-navigate', 'https://example.com/')).toBe(true);
    expect(window.webContents.emitPreventable('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(window.webContents.emitPreventable('will-attach-webview')).toBe(true);
    expect(refused).toHaveLength(3);
  });

  it('window.open of our own page opens a window of ours; the request itself is still denied', () => {
    const window = new FakeBrowserWindow(windowFrame());
    const refused: string[] = [];
    const opened: string[] = [];
    const isOurs = ourUrlPredicate('file:///app/out/renderer', undefined);
    hardenContents(
      window.webContents,
      (message) => refused.push(message),
      (url) => isOurs(url) && opened.push(url) > 0,
    );
    const own = 'file:///app/out/renderer/index.html?block=demo&size=65536';
    expect(window.webContents.windowOpenHandler?.({ url: own })).toEqual({ action: 'deny' });
    expect(window.webContents.windowOpenHandler?.({ url: 'https://example.com/?block=demo' })).toEqual({ action: 'deny' });
    expect(opened).toEqual([own]);
    expect(refused).toEqual(['refused window.open(https://example.com/?block=demo)']);
    expect(blockFromUrl(own)).toEqual({ block: 'demo', size: 65536, access: 'read-write', create: true });
    expect(blockFromUrl(`${own}&access=read-only&create=0`)).toEqual({ block: 'demo', size: 65536, access: 'read-only', create: false });
    expect(pageQuery(blockFromUrl(`${own}&access=read-only&create=0`))).toEqual({
      block: 'demo',
      size: '65536',
      access: 'read-only',
      create: '0',
    });
    expect(pageQuery(null)).toEqual({});
    expect(blockFromUrl('file:///app/out/renderer/index.html')).toBeNull();
    expect(blockFromUrl('not a url')).toBeNull();
  });

  it('--windows N tiles N windows side by side over the work area', () => {
    expect(windowCountFrom(['electron', '.', '--windows', '2'])).toBe(2);
    expect(windowCountFrom(['electron', '.'])).toBe(1);
    expect(windowCountFrom(['electron', '.', '--windows', 'lots'])).toBe(1);
    expect(windowCountFrom(['electron', '.', '--windows', '99'])).toBe(1);
    expect(tileBounds({ x: 0, y: 25, width: 1920, height: 1055 }, 2)).toEqual([
      { x: 0, y: 25, width: 960, height: 1055 },
      { x: 960, y: 25, width: 960, height: 1055 },
    ]);
  });

  it('--block NAME --size BYTES picks the block the first windows open', () => {
    expect(blockFrom(['electron', '.', '--windows', '2', '--block', 'demo', '--size', '65536'])).toMatchObject({
      block: 'demo',
      size: 65536,
    });
    expect(blockFrom(['electron', '.', '--block', 'demo'])).toMatchObject({ block: 'demo', size: 4096 });
    expect(blockFrom(['electron', '.', '--block', '--windows'])).toBeNull();
    expect(blockFrom(['electron', '.'])).toBeNull();
  });

  it('only our renderer page counts as ours', () => {
    const isOurs = ourUrlPredicate('file:///app/out/renderer', 'http://localhost:5173/');
    expect(isOurs('file:///app/out/renderer/index.html')).toBe(true);
    expect(isOurs('http://localhost:5173/index.html')).toBe(true);
    expect(isOurs('file:///app/out/renderer-evil/index.html')).toBe(false);
    expect(isOurs('http://localhost:5174/')).toBe(false);
    expect(isOurs('https://example.com/')).toBe(false);
  });
});
