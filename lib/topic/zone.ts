/** Where a piece of text sits on the page; the topic gate weighs mentions by it (the collector assigns it). */
export type Zone = 'title' | 'lead' | 'body' | 'aside';
