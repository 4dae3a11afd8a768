/**
 * Type test of the published declarations (`tsc -p test/types`; nothing runs): the element and
 * its events are typed through the `HTMLElementTagNameMap` / `HTMLElementEventMap` augmentations.
 * Every `@ts-expect-error` line must fail to compile, or tsc reports the directive as unused.
 */
import 'p2p-video/define';
import { PlayerErrorDetail } from 'p2p-video';
import type { P2PStats, P2PVideoElement, P2PVideoConfig, P2PWarningCode } from 'p2p-video';

const el = document.createElement('p2p-video');
const typed: P2PVideoElement = el;

el.addEventListener('p2pstats', (event) => {
  const bytes: number = event.detail.p2pBytes;
  const ratio: number = event.detail.p2pRatio;
  // @ts-expect-error a misspelt field of P2PStats
  console.log(event.detail.p2pByte, bytes, ratio);
});

el.addEventListener('p2psegmentload', (event) => {
  const source: 'http' | 'p2p' | 'cache' = event.detail.source;
  // @ts-expect-error source is a union of strings, not a number
  const wrong: number = event.detail.source;
  console.log(source, wrong, event.detail.peerId?.length);
});

el.addEventListener('p2ppeerconnect', (event) => event.detail.peerId.toUpperCase());
el.addEventListener('p2pwarning', (event) => event.detail.code.length + event.detail.message.length);
el.addEventListener('p2pwarning', (event) => {
  const code: P2PWarningCode = event.detail.code;
  // @ts-expect-error a warning code that does not exist (codes are a union, not any string)
  if (event.detail.code === 'p2p-unavailabel') console.log(code);
});
el.addEventListener('renditionchange', (event) => event.detail.index.toFixed());
// @ts-expect-error p2prenditionchange was renamed renditionchange: a plain Event now
el.addEventListener('p2prenditionchange', (event) => event.detail.index);
const detail: PlayerErrorDetail | undefined = el.error?.detail;
// @ts-expect-error an error detail that does not exist
if (el.error?.detail === 'manifest-missing') console.log(detail);
if (el.error?.detail === PlayerErrorDetail.ManifestNotFound) console.log(detail);

// @ts-expect-error p2pstats carries P2PStats, not a string
el.addEventListener('p2pstats', (event: CustomEvent<string>) => event.detail.length);

const config: P2PVideoConfig = { p2p: { httpWindowSeconds: 6, trackers: ['ws://127.0.0.1:8000'] }, hls: { maxBufferLength: 30 } };
el.config = config;
// @ts-expect-error an unknown P2P setting
el.config = { p2p: { httpWindowSecs: 6 } };

// Media API passes through.
el.currentTime = 3;
void el.play();
const stats: P2PStats = el.stats;
const paused: boolean = el.paused;
console.log(typed, stats, paused, el.error?.detail, el.engineName);
