// Citations: a search hit (or an answer's passage) as a numbered chip that opens the source view
// at its place (the PDF page with the passage highlighted, the transcript moment, the message).
import {h, clock, KIND_LABELS} from './ui.js';
import {href} from './router.js';

const QUOTE_LIMIT = 600;

/** Where in its source a hit is: 'p. 3', '12:05–12:40', 'message 12', or ''. */
export function locator(hit) {
  if (Number.isInteger(hit.pageNumber) && hit.kind === 'pdf') return `p. ${hit.pageNumber}`;
  if (typeof hit.start === 'number') {
    return typeof hit.end === 'number' && hit.end > hit.start ? `${clock(hit.start)}–${clock(hit.end)}` : clock(hit.start);
  }
  if (Number.isInteger(hit.messageIndex)) return `message ${hit.messageIndex}`;
  return '';
}

/** The source view's address for a hit. */
export function sourceHref(hit) {
  const params = {};
  if (Number.isInteger(hit.pageNumber)) params.page = hit.pageNumber;
  if (typeof hit.start === 'number') {
    params.t = Math.floor(hit.start);
    if (typeof hit.end === 'number') params.e = Math.ceil(hit.end);
  }
  if (Number.isInteger(hit.messageIndex)) params.m = hit.messageIndex;
  if (hit.text && typeof hit.start !== 'number') params.q = hit.text.slice(0, QUOTE_LIMIT);
  return href('/sources/' + encodeURIComponent(hit.sourceId), params);
}

/** The data-* attributes a chip carries (the browser tests read them). */
function placeData(hit) {
  return {
    sourceId: hit.sourceId,
    page: Number.isInteger(hit.pageNumber) ? hit.pageNumber : undefined,
    start: typeof hit.start === 'number' ? hit.start : undefined,
    messageIndex: Number.isInteger(hit.messageIndex) ? hit.messageIndex : undefined,
  };
}

/**
 * A numbered chip: "[n] Title · p. 3"; compact chips (inside an answer's text) show only the
 * number. The excerpt is its tooltip and part of its accessible name.
 */
export function chip(hit, number, {compact = false} = {}) {
  const where = locator(hit);
  const title = hit.sourceTitle || 'Untitled source';
  const label = `Citation ${number}: ${title}${where ? ', ' + where : ''}`;
  return h('a', {
    class: 'citation-chip' + (compact ? ' compact' : ''),
    href: sourceHref(hit),
    data: placeData(hit),
    title: hit.text ? hit.text.slice(0, 300) : label,
    'aria-label': label,
  },
  h('span', {class: 'chip-number', text: String(number)}),
  compact ? null : h('span', {class: 'chip-label', text: title + (where ? ' · ' + where : '')}));
}

/** A deep link out of the app (a YouTube moment), when the hit has one. */
export function externalLink(hit) {
  if (!hit.url || !/^https:\/\//.test(hit.url)) return null;
  return h('a', {class: 'external', href: hit.url, target: '_blank', rel: 'noopener noreferrer', text: 'Open video at this moment'});
}

/** A passage an answer or a generation used: chip, kind, excerpt, and whether it was cited. */
export function passage(hit, number) {
  return h('li', {class: 'passage' + (hit.cited === false ? ' uncited' : '')},
    h('div', {class: 'passage-head'},
      chip(hit, number),
      h('span', {class: 'badge', text: KIND_LABELS[hit.kind] || hit.kind}),
      hit.cited === false ? h('span', {class: 'muted', text: 'not cited'}) : null,
      externalLink(hit)),
    h('p', {class: 'passage-text', text: hit.text || ''}));
}

/**
 * An answer's text with its [n] markers as compact chips (markers without a passage stay text).
 * `byMarker` maps a marker number to its hit.
 */
export function textWithCitations(text, byMarker) {
  const nodes = [];
  const pattern = /\[(\d{1,3})\]/g;
  let last = 0;
  let match;
  while ((match = pattern.exec(text)) !== null) {
    const hit = byMarker.get(Number(match[1]));
    if (!hit) continue;
    nodes.push(text.slice(last, match.index), chip(hit, match[1], {compact: true}));
    last = match.index + match[0].length;
  }
  nodes.push(text.slice(last));
  return nodes;
}
