// The documents picked in the Documents view, offered to the next job; kept for the tab's session.

const KEY = 'quarry.selection';
const read = () => new Set(JSON.parse(sessionStorage.getItem(KEY) ?? '[]'));
const write = (set) => sessionStorage.setItem(KEY, JSON.stringify([...set]));

export const selection = {
  has: (id) => read().has(id),
  size: () => read().size,
  ids: () => [...read()],
  toggle(id, on) {
    const set = read();
    if (on) set.add(id); else set.delete(id);
    write(set);
  },
  clear: () => sessionStorage.removeItem(KEY),
};
