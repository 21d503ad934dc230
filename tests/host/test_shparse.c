/*
 * tests/host/test_shparse.c - unit tests of the shell's pure parts:
 * user/bin/sh/parse.c (words, quotes, $?, `&`, `;`, `&&`, `||`, `run @VM`, numbers,
 * modes) and user/bin/sh/lineedit.c (echo, backspace, Ctrl-U, Ctrl-C, CR LF,
 * cursor keys, history ring).
 *
 * The line editor's output is played on a one-line model terminal (bytes
 * overwrite at the cursor, '\b' moves back) and the screen must show exactly
 * the edited line with the cursor in the same place, so redraws are checked
 * too, not only the buffer.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "user/bin/sh/lineedit.h"
#include "user/bin/sh/parse.h"

/* ---- parser ---------------------------------------------------------------- */

static struct sh_cmd cmd;

/* parse the first command of line with status; returns sh_parse's result */
static int
parse1(const char *line, int status)
{
    const char *p = line;

    return sh_parse(&p, status, &cmd);
}

static void
test_words(void **state)
{
    (void)state;
    assert_int_equal(parse1("  echo a\tb  ", 0), 1);
    assert_int_equal(cmd.argc, 3);
    assert_string_equal(cmd.argv[0], "echo");
    assert_string_equal(cmd.argv[1], "a");
    assert_string_equal(cmd.argv[2], "b");
    assert_null(cmd.argv[3]);
    assert_int_equal(cmd.background, 0);
    assert_int_equal(cmd.run, 0);
    assert_null(cmd.vm);
}

static void
test_empty_and_comment(void **state)
{
    (void)state;
    assert_int_equal(parse1("", 0), 0);
    assert_int_equal(parse1("   \t ", 0), 0);
    assert_int_equal(parse1("# all comment", 0), 0);
    assert_int_equal(parse1("echo a # b c", 0), 1);
    assert_int_equal(cmd.argc, 2);
    assert_int_equal(parse1("echo a#b", 0), 1); // '#' inside a word is literal
    assert_string_equal(cmd.argv[1], "a#b");
}

static void
test_quotes(void **state)
{
    (void)state;
    assert_int_equal(parse1("echo \"a  b\" c\"d e\"f \"\" \\\"x", 0), 1);
    assert_int_equal(cmd.argc, 5);
    assert_string_equal(cmd.argv[1], "a  b");
    assert_string_equal(cmd.argv[2], "cd ef");
    assert_string_equal(cmd.argv[3], ""); // empty quotes: an empty word
    assert_string_equal(cmd.argv[4], "\"x");
    assert_int_equal(parse1("echo \"a;b&c\"", 0), 1); // separators inside quotes
    assert_int_equal(cmd.argc, 2);
    assert_string_equal(cmd.argv[1], "a;b&c");
    assert_int_equal(parse1("echo \"in \\\"q\\\" \\n\"", 0), 1); // \n stays as is in quotes
    assert_string_equal(cmd.argv[1], "in \"q\" \\n");
}

/* 'single quotes' keep every byte as it is: blanks, separators, $?, \ and " */
static void
test_single_quotes(void **state)
{
    (void)state;
    assert_int_equal(parse1("echo 'a  b' c'd $? e'f '' 'x\\y\"' \"it's\"", 7), 1);
    assert_int_equal(cmd.argc, 6);
    assert_string_equal(cmd.argv[1], "a  b");
    assert_string_equal(cmd.argv[2], "cd $? ef");
    assert_string_equal(cmd.argv[3], "");
    assert_string_equal(cmd.argv[4], "x\\y\"");
    assert_string_equal(cmd.argv[5], "it's"); // a ' inside double quotes is a byte
    assert_int_equal(parse1("echo 'a;b|c'", 0), 1);
    assert_string_equal(cmd.argv[1], "a;b|c");
    assert_int_equal(parse1("echo 'open", 0), SH_PARSE_QUOTE);
}

static void
test_unterminated_quote(void **state)
{
    const char *line = "echo \"abc";
    const char *p = line;

    (void)state;
    assert_int_equal(sh_parse(&p, 0, &cmd), SH_PARSE_QUOTE);
    assert_ptr_equal(p, line); // not consumed
    assert_string_not_equal(sh_parse_error(SH_PARSE_QUOTE), "");
}

static void
test_status(void **state)
{
    (void)state;
    assert_int_equal(parse1("echo $? x$?y \"[$?]\" \\$? $ $x", 42), 1);
    assert_int_equal(cmd.argc, 7);
    assert_string_equal(cmd.argv[1], "42");
    assert_string_equal(cmd.argv[2], "x42y");
    assert_string_equal(cmd.argv[3], "[42]");
    assert_string_equal(cmd.argv[4], "$?"); // escaped: literal
    assert_string_equal(cmd.argv[5], "$");
    assert_string_equal(cmd.argv[6], "$x");
    assert_int_equal(parse1("echo $?", 0x100e), 1); // raw status of a fault
    assert_string_equal(cmd.argv[1], "4110");
    assert_int_equal(parse1("echo $?", -3), 1);
    assert_string_equal(cmd.argv[1], "-3");
}

static void
test_background_and_sequence(void **state)
{
    const char *p = "sleepy 5 & ps;; echo x&";

    (void)state;
    assert_int_equal(sh_parse(&p, 0, &cmd), 1);
    assert_int_equal(cmd.argc, 2);
    assert_string_equal(cmd.argv[0], "sleepy");
    assert_int_equal(cmd.background, 1);
    assert_int_equal(sh_parse(&p, 0, &cmd), 1);
    assert_int_equal(cmd.argc, 1);
    assert_string_equal(cmd.argv[0], "ps");
    assert_int_equal(cmd.background, 0);
    assert_int_equal(sh_parse(&p, 0, &cmd), 1); // the empty command between ;; is skipped
    assert_string_equal(cmd.argv[0], "echo");
    assert_string_equal(cmd.argv[1], "x"); // `&` glued to the word still ends it
    assert_int_equal(cmd.background, 1);
    assert_int_equal(sh_parse(&p, 0, &cmd), 0);
    assert_int_equal(sh_parse(&p, 0, &cmd), 0); // stays at the end
}

static void
test_background_errors(void **state)
{
    (void)state;
    assert_int_equal(parse1("&", 0), SH_PARSE_SYNTAX);
    assert_int_equal(parse1("  ; & ls", 0), SH_PARSE_SYNTAX);
}

static void
test_and_or(void **state)
{
    const char *p = "vmcreate x&&run @x ps || echo \"a||b\" ; true";

    (void)state;
    assert_int_equal(sh_parse(&p, 0, &cmd), 1);
    assert_string_equal(cmd.argv[1], "x"); // `&&` glued to the word still ends it
    assert_int_equal(cmd.next, SH_NEXT_AND);
    assert_int_equal(cmd.background, 0);
    assert_int_equal(sh_parse(&p, 0, &cmd), 1);
    assert_string_equal(cmd.vm, "x");
    assert_string_equal(cmd.argv[0], "ps");
    assert_int_equal(cmd.next, SH_NEXT_OR);
    assert_int_equal(sh_parse(&p, 0, &cmd), 1);
    assert_string_equal(cmd.argv[1], "a||b");
    assert_int_equal(cmd.next, SH_NEXT_ALWAYS);
    assert_int_equal(sh_parse(&p, 0, &cmd), 1);
    assert_string_equal(cmd.argv[0], "true");
    assert_int_equal(sh_parse(&p, 0, &cmd), 0);
}

static void
test_and_or_errors(void **state)
{
    (void)state;
    assert_int_equal(parse1("&& ls", 0), SH_PARSE_SYNTAX);
    assert_int_equal(parse1("ls ||", 0), SH_PARSE_SYNTAX);
    assert_int_equal(parse1("ls &&  # nothing", 0), SH_PARSE_SYNTAX);
    assert_int_equal(parse1("ls && ; x", 0), SH_PARSE_SYNTAX);
    assert_int_equal(parse1("ls |", 0), SH_PARSE_SYNTAX); // a pipe to nothing
    assert_int_equal(parse1("| wc", 0), SH_PARSE_SYNTAX); // from nothing
    assert_int_equal(parse1("ls | | wc", 0), SH_PARSE_SYNTAX);
    assert_int_equal(parse1("ls |; wc", 0), SH_PARSE_SYNTAX);
    assert_int_equal(parse1("ls | # wc", 0), SH_PARSE_SYNTAX);
    assert_int_equal(parse1("ls &&& x", 0), SH_PARSE_SYNTAX);
}

/* `a | b | c`: each stage a command whose next is SH_NEXT_PIPE, with its
 * own redirections; `&` after the last; `||` is still or */
static void
test_pipeline(void **state)
{
    const char *p = "echo a b c|wc -l > out | cat<in &";

    (void)state;
    assert_int_equal(sh_parse(&p, 0, &cmd), 1);
    assert_int_equal(cmd.argc, 4);
    assert_string_equal(cmd.argv[3], "c");
    assert_int_equal(cmd.next, SH_NEXT_PIPE);
    assert_int_equal(sh_parse(&p, 0, &cmd), 1);
    assert_string_equal(cmd.argv[0], "wc");
    assert_string_equal(cmd.out, "out");
    assert_int_equal(cmd.next, SH_NEXT_PIPE);
    assert_int_equal(sh_parse(&p, 0, &cmd), 1);
    assert_string_equal(cmd.argv[0], "cat");
    assert_string_equal(cmd.in, "in");
    assert_int_equal(cmd.background, 1);
    assert_int_equal(cmd.next, SH_NEXT_ALWAYS);
    assert_int_equal(sh_parse(&p, 0, &cmd), 0);
    p = "a || b | 'c|d'";
    assert_int_equal(sh_parse(&p, 0, &cmd), 1);
    assert_int_equal(cmd.next, SH_NEXT_OR);
    assert_int_equal(sh_parse(&p, 0, &cmd), 1);
    assert_int_equal(cmd.next, SH_NEXT_PIPE);
    assert_int_equal(sh_parse(&p, 0, &cmd), 1);
    assert_string_equal(cmd.argv[0], "c|d");
    assert_int_equal(sh_parse(&p, 0, &cmd), 0);
}

static void
test_run_vm(void **state)
{
    (void)state;
    assert_int_equal(parse1("run @3 ps -a &", 0), 1);
    assert_int_equal(cmd.run, 1);
    assert_string_equal(cmd.vm, "3");
    assert_int_equal(cmd.argc, 2);
    assert_string_equal(cmd.argv[0], "ps");
    assert_string_equal(cmd.argv[1], "-a");
    assert_null(cmd.argv[2]);
    assert_int_equal(cmd.background, 1);

    assert_int_equal(parse1("@myspace sleepy", 0), 1); // `@VM` alone implies run
    assert_int_equal(cmd.run, 1);
    assert_string_equal(cmd.vm, "myspace");
    assert_string_equal(cmd.argv[0], "sleepy");

    assert_int_equal(parse1("run ps", 0), 1); // run without @: a new space
    assert_int_equal(cmd.run, 1);
    assert_null(cmd.vm);
    assert_string_equal(cmd.argv[0], "ps");

    assert_int_equal(parse1("run @0x10 x", 0), 1);
    assert_string_equal(cmd.vm, "0x10");

    assert_int_equal(parse1("echo @3", 0), 1); // only as the first word
    assert_null(cmd.vm);
    assert_int_equal(cmd.run, 0);
    assert_string_equal(cmd.argv[1], "@3");

    assert_int_equal(parse1("\"@3\" x", 0), 1); // quoted: a program named "@3"
    assert_null(cmd.vm);
    assert_string_equal(cmd.argv[0], "@3");

    assert_int_equal(parse1("\"run\" x", 0), 1); // quoted: not the keyword
    assert_int_equal(cmd.run, 0);
    assert_string_equal(cmd.argv[0], "run");
}

static void
test_run_errors(void **state)
{
    (void)state;
    assert_int_equal(parse1("run", 0), SH_PARSE_NOPROG);
    assert_int_equal(parse1("run @5", 0), SH_PARSE_NOPROG);
    assert_int_equal(parse1("run @ ps", 0), SH_PARSE_NOPROG);
    assert_int_equal(parse1("@vm &", 0), SH_PARSE_NOPROG);
}

static void
test_limits(void **state)
{
    char line[SH_WORDS_MAX]; // "$?" pairs expanding to 7 bytes each overflow the word store

    (void)state;
    line[0] = '\0';
    for (int i = 0; i < SH_ARGS_MAX; i++)
        strcat(line, "a ");
    assert_int_equal(parse1(line, 0), 1);
    assert_int_equal(cmd.argc, SH_ARGS_MAX);
    strcat(line, "b");
    assert_int_equal(parse1(line, 0), SH_PARSE_TOOMANY);

    line[0] = '\0'; // one word of expansions, longer than the word store
    for (int i = 0; i < (int)(sizeof(line) - 1) / 2; i++)
        strcat(line, "$?");
    assert_int_equal(parse1(line, 1234567), SH_PARSE_TOOLONG);
}

static void
test_num(void **state)
{
    long v;

    (void)state;
    assert_int_equal(sh_parse_num("10", &v), 0);
    assert_int_equal(v, 10);
    assert_int_equal(sh_parse_num("0x1F", &v), 0);
    assert_int_equal(v, 31);
    assert_int_equal(sh_parse_num("-5", &v), 0);
    assert_int_equal(v, -5);
    assert_int_equal(sh_parse_num("2147483647", &v), 0);
    assert_int_equal(v, 0x7fffffff);
    assert_int_equal(sh_parse_num("0x7fffffff", &v), 0);
    assert_int_equal(sh_parse_num("0x80000000", &v), -1);
    assert_int_equal(sh_parse_num("", &v), -1);
    assert_int_equal(sh_parse_num("0x", &v), -1);
    assert_int_equal(sh_parse_num("12a", &v), -1);
    assert_int_equal(sh_parse_num("abc", &v), -1);
    assert_int_equal(sh_parse_num("-", &v), -1);
}

static void
test_mode(void **state)
{
    unsigned m;

    (void)state;
    assert_int_equal(sh_parse_mode("0x7d21", &m), 0);
    assert_int_equal(m, 0x7d21);
    assert_int_equal(sh_parse_mode("RMDAC/R..A./R....", &m), 0);
    assert_int_equal(m, 0x7c00 | (0x09 << 5) | 0x01); // the shell's default mode
    assert_int_equal(sh_parse_mode("rmdac//", &m), 0);
    assert_int_equal(m, 0x7c00);
    assert_int_equal(sh_parse_mode("/-/c", &m), 0);
    assert_int_equal(m, 0x10);
    assert_int_equal(sh_parse_mode("0", &m), 0);
    assert_int_equal(m, 0);
    assert_int_equal(sh_parse_mode("0x8000", &m), -1);
    assert_int_equal(sh_parse_mode("-1", &m), -1);
    assert_int_equal(sh_parse_mode("RX/./.", &m), -1);
    assert_int_equal(sh_parse_mode("R/R", &m), -1);
    assert_int_equal(sh_parse_mode("R/R/R/R", &m), -1);
}

/* ---- line editor ------------------------------------------------------------ */

static struct le ed;

/* a one-line terminal: what the user sees */
static struct {
    char text[4 * SH_LINE_MAX];
    int cur, len;
} scr;

static void
screen_clear(void)
{
    memset(&scr, 0, sizeof(scr));
}

static void
screen_play(const char *out, int n)
{
    for (int i = 0; i < n; i++) {
        char c = out[i];

        if (c == '\b') {
            if (scr.cur > 0)
                scr.cur--;
        } else if (c == '\r') {
            scr.cur = 0;
        } else if (c == '\n') {
            continue; // the tests look at one line at a time
        } else {
            assert_true(scr.cur < (int)sizeof(scr.text) - 1);
            scr.text[scr.cur++] = c;
            if (scr.cur > scr.len)
                scr.len = scr.cur;
        }
    }
}

/* the screen must show exactly the line (blanks after it allowed) with the same cursor */
static void
assert_screen_matches(void)
{
    int n = scr.len;

    while (n > 0 && scr.text[n - 1] == ' ')
        n--;
    assert_int_equal(n, ed.len);
    assert_memory_equal(scr.text, ed.buf, (size_t)n);
    assert_int_equal(scr.cur, ed.cur);
    assert_int_equal((int)strlen(ed.buf), ed.len);
}

/* feed every byte of s; returns the result for the last one */
static int
feed(const char *s)
{
    int r = LE_MORE;

    for (; *s != '\0'; s++) {
        r = le_feed(&ed, (unsigned char)*s);
        screen_play(ed.out, ed.outlen);
    }
    return r;
}

static int
setup_editor(void **state)
{
    (void)state;
    le_init(&ed);
    le_begin(&ed);
    screen_clear();
    return 0;
}

/* enter a whole line and start the next one */
static void
enter(const char *line)
{
    assert_int_equal(feed(line), LE_MORE);
    assert_int_equal(feed("\r"), LE_DONE);
    le_begin(&ed);
    screen_clear();
}

static void
test_le_typing(void **state)
{
    (void)state;
    assert_int_equal(feed("ps -a"), LE_MORE);
    assert_string_equal(ed.buf, "ps -a");
    assert_screen_matches();
    assert_int_equal(le_feed(&ed, '\r'), LE_DONE);
    assert_int_equal(ed.outlen, 2);
    assert_memory_equal(ed.out, "\r\n", 2);
    assert_string_equal(ed.buf, "ps -a");
}

static void
test_le_crlf(void **state)
{
    (void)state;
    assert_int_equal(feed("a\r"), LE_DONE);
    le_begin(&ed);
    assert_int_equal(feed("\n"), LE_MORE); // LF of the CR LF pair: no empty line
    assert_int_equal(feed("b\n"), LE_DONE);
    assert_string_equal(ed.buf, "b");
    le_begin(&ed);
    assert_int_equal(feed("\n"), LE_DONE); // a lone LF after LF is an empty line
    assert_string_equal(ed.buf, "");
}

static void
test_le_backspace(void **state)
{
    (void)state;
    assert_int_equal(le_feed(&ed, 0x7f), LE_MORE); // nothing to delete: silent
    assert_int_equal(ed.outlen, 0);
    feed("abd\x7f");
    assert_string_equal(ed.buf, "ab");
    assert_screen_matches();
    feed("x\b"); // 0x08 deletes too
    assert_string_equal(ed.buf, "ab");
    feed("c");
    assert_string_equal(ed.buf, "abc");
    assert_screen_matches();
}

static void
test_le_kill_and_cancel(void **state)
{
    (void)state;
    feed("hello world");
    feed("\x15"); // Ctrl-U
    assert_string_equal(ed.buf, "");
    assert_screen_matches();
    feed("ls");
    assert_screen_matches();
    assert_int_equal(feed("\x03"), LE_CANCEL); // Ctrl-C
    assert_int_equal(ed.outlen, 4);
    assert_memory_equal(ed.out, "^C\r\n", 4);
    assert_string_equal(ed.buf, "");
    assert_null(le_hist_get(&ed, 1)); // an abandoned line is not history
}

static void
test_le_eof(void **state)
{
    (void)state;
    feed("ab");
    assert_int_equal(feed("\x04"), LE_MORE); // Ctrl-D in a non-empty line: not EOF
    feed("\x15");
    assert_int_equal(feed("\x04"), LE_EOF);
}

static void
test_le_cursor(void **state)
{
    (void)state;
    feed("ac\x1b[Db"); // left, insert in the middle
    assert_string_equal(ed.buf, "abc");
    assert_int_equal(ed.cur, 2);
    assert_screen_matches();
    feed("\x1b[D\x1b[D\x1b[D\x1b[D"); // left past the start stops there
    assert_int_equal(ed.cur, 0);
    assert_screen_matches();
    feed("\x1b[3~"); // Delete under the cursor
    assert_string_equal(ed.buf, "bc");
    assert_screen_matches();
    feed("\x1b[C\x1b[C\x1b[C"); // right past the end stops there
    assert_int_equal(ed.cur, 2);
    feed("\x01>"); // Ctrl-A, insert at the start
    assert_string_equal(ed.buf, ">bc");
    feed("\x05!"); // Ctrl-E, append
    assert_string_equal(ed.buf, ">bc!");
    feed("\x1b[1~\x7f"); // Home, backspace at the start: nothing
    assert_string_equal(ed.buf, ">bc!");
    feed("\x1b[Z\x1bxq"); // unknown sequences are swallowed, 'q' after ESC x is typed
    assert_string_equal(ed.buf, "q>bc!");
    assert_screen_matches();
}

static void
test_le_history(void **state)
{
    (void)state;
    enter("one");
    enter("two");
    enter("three");
    feed("pa");
    feed("\x1b[A");
    assert_string_equal(ed.buf, "three");
    assert_screen_matches();
    feed("\x1b[A");
    assert_string_equal(ed.buf, "two");
    assert_screen_matches();
    feed("\x1bOA\x1b[A\x1b[A"); // ESC O A too; past the oldest stays there
    assert_string_equal(ed.buf, "one");
    assert_screen_matches();
    feed("\x1b[B");
    assert_string_equal(ed.buf, "two");
    feed("\x1b[B\x1b[B"); // back to the line being typed
    assert_string_equal(ed.buf, "pa");
    assert_screen_matches();
    feed("\x1b[B"); // nothing newer
    assert_string_equal(ed.buf, "pa");
    feed("\x10"); // Ctrl-P
    assert_string_equal(ed.buf, "three");
    feed("\x15");
    assert_string_equal(ed.buf, "");
    assert_screen_matches();
}

static void
test_le_history_recalled_line(void **state)
{
    (void)state;
    enter("echo a");
    feed("\x1b[A x\r"); // recall, edit, enter
    assert_string_equal(ed.buf, "echo a x");
    assert_string_equal(le_hist_get(&ed, 1), "echo a x");
    assert_string_equal(le_hist_get(&ed, 2), "echo a"); // the original stays
}

static void
test_le_history_filter(void **state)
{
    (void)state;
    enter("a");
    enter("a");
    enter("   ");
    enter("");
    assert_int_equal(ed.hcount, 1);
    assert_string_equal(le_hist_get(&ed, 1), "a");
    assert_null(le_hist_get(&ed, 0));
    assert_null(le_hist_get(&ed, 2));
}

static void
test_le_history_ring(void **state)
{
    char line[16];

    (void)state;
    for (int i = 0; i < LE_HIST_MAX + 8; i++) {
        snprintf(line, sizeof(line), "line%d", i);
        enter(line);
    }
    assert_int_equal(ed.hcount, LE_HIST_MAX);
    snprintf(line, sizeof(line), "line%d", LE_HIST_MAX + 7);
    assert_string_equal(le_hist_get(&ed, 1), line);
    assert_string_equal(le_hist_get(&ed, LE_HIST_MAX), "line8");
    assert_null(le_hist_get(&ed, LE_HIST_MAX + 1));
    for (int i = 0; i < LE_HIST_MAX + 5; i++) // walk to the oldest and beyond
        feed("\x1b[A");
    assert_string_equal(ed.buf, "line8");
    assert_screen_matches();
}

static void
test_le_full_line(void **state)
{
    char line[SH_LINE_MAX + 50];

    (void)state;
    memset(line, 'x', sizeof(line) - 1);
    line[sizeof(line) - 1] = '\0';
    feed(line);
    assert_int_equal(ed.len, SH_LINE_MAX - 1);
    assert_screen_matches();
    feed("\x1b[D\x7f"); // editing a full line still redraws correctly
    assert_int_equal(ed.len, SH_LINE_MAX - 2);
    assert_screen_matches();
}

static void
test_le_ignores_controls(void **state)
{
    (void)state;
    feed("a\t\x07\x80\xff\x62"); // \x62 is b
    assert_string_equal(ed.buf, "ab");
    assert_screen_matches();
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_words),
        cmocka_unit_test(test_empty_and_comment),
        cmocka_unit_test(test_quotes),
        cmocka_unit_test(test_single_quotes),
        cmocka_unit_test(test_unterminated_quote),
        cmocka_unit_test(test_status),
        cmocka_unit_test(test_background_and_sequence),
        cmocka_unit_test(test_background_errors),
        cmocka_unit_test(test_and_or),
        cmocka_unit_test(test_and_or_errors),
        cmocka_unit_test(test_pipeline),
        cmocka_unit_test(test_run_vm),
        cmocka_unit_test(test_run_errors),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_num),
        cmocka_unit_test(test_mode),
        cmocka_unit_test_setup(test_le_typing, setup_editor),
        cmocka_unit_test_setup(test_le_crlf, setup_editor),
        cmocka_unit_test_setup(test_le_backspace, setup_editor),
        cmocka_unit_test_setup(test_le_kill_and_cancel, setup_editor),
        cmocka_unit_test_setup(test_le_eof, setup_editor),
        cmocka_unit_test_setup(test_le_cursor, setup_editor),
        cmocka_unit_test_setup(test_le_history, setup_editor),
        cmocka_unit_test_setup(test_le_history_recalled_line, setup_editor),
        cmocka_unit_test_setup(test_le_history_filter, setup_editor),
        cmocka_unit_test_setup(test_le_history_ring, setup_editor),
        cmocka_unit_test_setup(test_le_full_line, setup_editor),
        cmocka_unit_test_setup(test_le_ignores_controls, setup_editor),
    };

    return cmocka_run_group_tests_name("shparse", tests, NULL, NULL);
}
