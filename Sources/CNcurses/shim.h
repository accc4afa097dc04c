// ncursesw for Swift (Debian: libncurses-dev). The only place that includes curses.h.
// Globals and function-like macros Swift 6 cannot import are wrapped in inline getters.
#define _XOPEN_SOURCE 700
#define _XOPEN_SOURCE_EXTENDED 1
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <wchar.h>
#include <ncursesw/curses.h>

static inline WINDOW *ncod_stdscr(void) { return stdscr; }
/// Columns a wide character takes (-1 for control characters), per the current LC_CTYPE.
static inline int ncod_wcwidth(unsigned int c) { return wcwidth((wchar_t)c); }
static inline int ncod_lines(void) { return LINES; }
static inline int ncod_cols(void) { return COLS; }
static inline int ncod_color_pair(int n) { return (int)COLOR_PAIR(n); }
static inline int ncod_a_bold(void) { return (int)A_BOLD; }
static inline int ncod_a_reverse(void) { return (int)A_REVERSE; }
static inline int ncod_a_dim(void) { return (int)A_DIM; }
static inline int ncod_a_underline(void) { return (int)A_UNDERLINE; }
static inline int ncod_a_normal(void) { return (int)A_NORMAL; }
static inline int ncod_key_f(int n) { return KEY_F(n); }

/// Draws one wide-character string at (y, x) with attributes, as a cchar_t run.
static inline int ncod_put(int y, int x, const wchar_t *text, int attributes) {
    attr_t old_attributes;
    short old_pair;
    attr_get(&old_attributes, &old_pair, NULL);
    attrset(attributes);
    int result = mvaddwstr(y, x, text);
    attr_set(old_attributes, old_pair, NULL);
    return result;
}
