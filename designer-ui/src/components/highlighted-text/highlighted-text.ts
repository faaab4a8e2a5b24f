/** A run of text, marked when the search matched it. */
export interface HighlightPart {
  text: string
  marked: boolean
}

const TAG = /<(\/?)(em|mark)>/g
const ENTITIES: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&amp;': '&', '&quot;': '"', '&#39;': "'", '&#x27;': "'" }

/**
 * Splits a highlight from the search API into plain text runs. Only the <em> and <mark> the API
 * adds are understood; anything else stays literal text, so nothing from the data ever becomes markup.
 */
export function parseHighlight(source: string): HighlightPart[] {
  const parts: HighlightPart[] = []
  let depth = 0
  let last = 0
  const push = (raw: string) => {
    if (!raw) return
    const text = raw.replace(/&(lt|gt|amp|quot|#39|#x27);/g, (e) => ENTITIES[e] ?? e)
    const previous = parts[parts.length - 1]
    if (previous && previous.marked === depth > 0) previous.text += text
    else parts.push({ text, marked: depth > 0 })
  }
  for (const match of source.matchAll(TAG)) {
    push(source.slice(last, match.index))
    depth = match[1] ? Math.max(0, depth - 1) : depth + 1
    last = match.index + match[0].length
  }
  push(source.slice(last))
  return parts
}
