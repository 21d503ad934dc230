/*
 * t_ports - the ports (DESIGN §8, user/ports.mk): Debian's Lua 5.4 and
 * SQLite 3, built unchanged, run as a POSIX system runs them. Lua at its
 * own limits (200 nested pcalls end in its "C stack overflow", unbounded
 * recursion in its own error, never a kill), its io and os libraries on
 * files (io.tmpfile, io.lines, os.rename, os.remove, os.tmpname, io.popen,
 * os.execute) and os.clock against os.time (and not counting a child's
 * CPU time); SQLite on files with its
 * default unix VFS: an index and a sort, a statement journal that spills to
 * a temporary file and rolls one statement back, temp tables, VACUUM, WAL
 * mode, PRAGMA integrity_check, two writers at once serialised by the file
 * server's record locks, the same in WAL mode with a reader beside them
 * (the -shm file shared through mmap), and speedtest1 on a file.
 *
 * The programs are looked up in one folder: /usr/bin (make ports puts them
 * on the disk), or the folder given as the first argument ("t_ports /bin"
 * when the boot image carries them, make boot PORTS=1); it reaches each
 * case through the environment (PORTS_BIN). "t_ports DIR smoke" runs the
 * short subset make test boots (PORTS_SMOKE). Scripts are written to /tmp
 * by the case that runs them; output is read through popen.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/guest/tap.h"

#define OUT_MAX 16384

static char out[OUT_MAX];

/* The folder of the ports' programs. */
static const char *
bin(void)
{
    const char *b = getenv("PORTS_BIN");

    return b && *b ? b : "/usr/bin";
}

/* Write text to path; 0 or -1. */
static int
put(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");

    if (!f)
        return -1;
    if (fputs(text, f) < 0) {
        fclose(f);
        return -1;
    }
    return fclose(f) == 0 ? 0 : -1;
}

/* The first lines of the output, each as a TAP comment. */
static void
show(const char *prog)
{
    const char *p = out;

    for (int lines = 0; *p && lines < 12; lines++) {
        const char *end = strchr(p, '\n');
        int len = end ? (int)(end - p) : (int)strlen(p);
        printf("# %s: %.*s\n", prog, len, p);
        p += len + (end != NULL);
    }
}

/* A program run from the disk keeps its window in the file server until
 * the server's next sweep after its last process ended, which comes after
 * half a second without requests (servers/omfs/main.c, SWEEP_MS): give it
 * that, so the suite's leak check finds what the suite started with. */
static void
let_the_server_sweep(void)
{
    if (strcmp(bin(), "/bin") != 0)
        usleep(700 * 1000);
}

/* Run "BIN/prog args" through the shell, its output into `out`; returns
 * its exit code, or 0x10000 | the status of a process that did not exit. */
static int
run(const char *prog, const char *args)
{
    char cmd[512];
    size_t n = 0, got;
    FILE *p;
    int st;

    snprintf(cmd, sizeof(cmd), "%s/%s %s", bin(), prog, args);
    if (!(p = popen(cmd, "r")))
        return -1;
    while (n < OUT_MAX - 1 && (got = fread(out + n, 1, OUT_MAX - 1 - n, p)) > 0)
        n += got;
    out[n] = '\0';
    st = pclose(p);
    let_the_server_sweep();
    show(prog);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 0x10000 | st;
}

/* Does the output hold this line (whole)? */
static int
has_line(const char *line)
{
    size_t len = strlen(line);

    for (const char *p = out; (p = strstr(p, line)); p++)
        if ((p == out || p[-1] == '\n') && (p[len] == '\n' || p[len] == '\0'))
            return 1;
    return 0;
}

static int
lua_basics(void)
{
    CHECK_EQ(put("/tmp/tp1.lua",
                 "local t = {} for i = 1, 20000 do t[i] = i * i end\n"
                 "print('sum', #t, t[20000])\n"
                 "print('fmt', string.format('%5.2f %g %d %s', 2.5, 1e308 * 10, 7, 1/3))\n"
                 "local co = coroutine.wrap(function(a) local b = coroutine.yield(a + 1)\n"
                 "  return b * 2 end)\n"
                 "print('co', co(1), co(10))\n"
                 "print('gsub', (string.rep('ab', 1000):gsub('b', 'cc')):len())\n"
                 "print('int', math.maxinteger, 7 // 2, 7 % -3, 2^53)\n"
                 "print('utf8', utf8.char(72, 228, 8364), utf8.len('h\\u{e4}\\u{20ac}'))\n"),
             0);
    CHECK_EQ(run("lua", "/tmp/tp1.lua"), 0);
    CHECK(has_line("sum\t20000\t400000000"));
    CHECK(has_line("fmt\t 2.50 inf 7 0.33333333333333"));
    CHECK(has_line("co\t2\t20"));
    CHECK(has_line("gsub\t3000"));
    CHECK(has_line("int\t9223372036854775807\t3\t-2\t9.007199254741e+15"));
    CHECK(has_line("utf8\tH\xc3\xa4\xe2\x82\xac\t3"));
    unlink("/tmp/tp1.lua");
    return 0;
}

static int
lua_limits(void)
{
    CHECK_EQ(put("/tmp/tp2.lua",
                 "local function nest(n) if n == 0 then return 'bottom' end\n"
                 "  local ok, r = pcall(nest, n - 1) if not ok then error(r, 0) end return r end\n"
                 "print('nest10', pcall(nest, 10))\n"
                 "print('nest200', pcall(nest, 200))\n"
                 "local function deep(n) return 1 + deep(n + 1) end\n"
                 "local ok, e = pcall(deep, 1)\n"
                 "print('deep', ok, (e:match('stack overflow') or e:match('not enough memory'))"
                 " and 'lua error' or e)\n"
                 "local s = string.rep('(', 300) .. '1' .. string.rep(')', 300)\n"
                 "print('parse', load('return ' .. s))\n"
                 "print('alive')\n"),
             0);
    CHECK_EQ(run("lua", "/tmp/tp2.lua"), 0);
    CHECK(has_line("nest10\ttrue\tbottom"));
    CHECK(has_line("nest200\tfalse\tC stack overflow"));
    CHECK(has_line("deep\tfalse\tlua error"));
    CHECK(strstr(out, "parse\tnil\t") != NULL); // the parser's own limit: an error, no crash
    CHECK(has_line("alive"));
    unlink("/tmp/tp2.lua");
    return 0;
}

static int
lua_files_and_clocks(void)
{
    CHECK_EQ(
        put("/tmp/tp3.lua",
            "local f = assert(io.tmpfile()) f:write('hello tmp\\n', 42, '\\n')\n"
            "f:seek('set') print('tmp', f:read('l'), f:read('n')) f:close()\n"
            "local g = assert(io.open('/tmp/tp3.txt', 'w'))\n"
            "for i = 1, 100 do g:write('line ', i, '\\n') end g:close()\n"
            "local n = 0 for l in io.lines('/tmp/tp3.txt') do n = n + 1 end print('lines', n)\n"
            "assert(os.rename('/tmp/tp3.txt', '/tmp/tp3.moved'))\n"
            "print('renamed', io.open('/tmp/tp3.txt') == nil, os.remove('/tmp/tp3.moved'))\n"
            "local name = os.tmpname() print('tmpname', name:sub(1, 5), os.remove(name))\n"
            "print('home', os.getenv('HOME') ~= nil)\n"
            "local p = assert(io.popen('echo from-the-shell')) print('popen', p:read('l'),"
            " p:close())\n"
            "print('execute', os.execute('true'))\n"
            "print('exit3', os.execute('false'))\n"
            "local t0 = os.time() while os.time() == t0 do end\n"
            "local c0, t1 = os.clock(), os.time()\n"
            "while os.time() < t1 + 2 do end\n"
            "local cpu = os.clock() - c0\n"
            "print('clock', cpu > 0.5 and cpu < 2.5, cpu)\n"
            "local c2 = os.clock()\n"
            "local ran = os.execute(arg[-1] .. \" -e 'local x = 0 for i = 1, 1e6 do x = x + i "
            "end'\")\n"
            "print('child', ran and os.clock() - c2 < 0.1, os.clock() - c2)\n"
            "print('date', os.date('!%Y-%m-%d %H:%M:%S', 86400 * 365))\n"),
        0);
    CHECK_EQ(run("lua", "/tmp/tp3.lua"), 0);
    CHECK(has_line("tmp\thello tmp\t42"));
    CHECK(has_line("lines\t100"));
    CHECK(has_line("renamed\ttrue\ttrue"));
    CHECK(has_line("tmpname\t/tmp/\ttrue"));
    CHECK(has_line("home\ttrue"));
    CHECK(has_line("popen\tfrom-the-shell\ttrue\texit\t0"));
    CHECK(has_line("execute\ttrue\texit\t0"));
    CHECK(has_line("exit3\tnil\texit\t1"));
    CHECK(strstr(out, "clock\ttrue\t") != NULL);
    CHECK(strstr(out, "child\ttrue\t") != NULL); // a child's CPU time is not ours
    CHECK(has_line("date\t1971-01-01 00:00:00"));
    unlink("/tmp/tp3.lua");
    return 0;
}

static int
sqlite_file(void)
{
    CHECK_EQ(put("/tmp/tp4.sql",
                 ".bail on\n"
                 "CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT, c REAL);\n"
                 "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000)\n"
                 "  INSERT INTO t SELECT i, hex(randomblob(40)), i * 0.5 FROM n;\n"
                 "SELECT 'sum', count(*), sum(c) FROM t;\n"
                 "CREATE INDEX tb ON t(b);\n"
                 "SELECT 'sorted', count(*) FROM (SELECT b FROM t ORDER BY substr(b, 9) DESC, c);\n"
                 "SELECT 'ordered', count(*) FROM (SELECT b, lag(b) OVER (ORDER BY b) AS p FROM t)"
                 " WHERE p > b;\n"
                 "PRAGMA integrity_check;\n"),
             0);
    unlink("/tmp/tp4.db");
    CHECK_EQ(run("sqlite3", "/tmp/tp4.db < /tmp/tp4.sql"), 0);
    CHECK(has_line("sum|5000|6251250.0"));
    CHECK(has_line("sorted|5000"));
    CHECK(has_line("ordered|0"));
    CHECK(has_line("ok"));
    CHECK_EQ(run("sqlite3", "/tmp/tp4.db 'SELECT count(*) FROM t WHERE b > (SELECT b FROM t"
                            " WHERE a = 1)'"),
             0);
    CHECK(strtol(out, NULL, 10) >= 0 && strtol(out, NULL, 10) < 5000);
    unlink("/tmp/tp4.db");
    unlink("/tmp/tp4.sql");
    return 0;
}

static int
sqlite_statement_journal(void)
{
    CHECK_EQ(put("/tmp/tp5.sql",
                 "PRAGMA cache_size = 10;\n"
                 "PRAGMA temp_store = FILE;\n"
                 "BEGIN;\n"
                 "CREATE TABLE u(a INTEGER PRIMARY KEY, b TEXT UNIQUE);\n"
                 "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)\n"
                 "  INSERT INTO u SELECT i, hex(randomblob(100)) FROM n;\n"
                 "UPDATE u SET b = CASE WHEN a = 1900 THEN (SELECT b FROM u WHERE a = 1)"
                 " ELSE b || 'x' END;\n"
                 "COMMIT;\n"
                 "SELECT 'rolled back', count(*) FROM u WHERE b LIKE '%x';\n"
                 "CREATE TEMP TABLE tt AS SELECT a, b FROM u ORDER BY random();\n"
                 "SELECT 'temp', count(*), min(a), max(a) FROM tt;\n"
                 "SELECT 'bigsort', count(*) FROM (SELECT b FROM tt ORDER BY substr(b, 7), a);\n"
                 "DELETE FROM u WHERE a % 2 = 0;\n"
                 "VACUUM;\n"
                 "SELECT 'left', count(*) FROM u;\n"
                 "PRAGMA integrity_check;\n"),
             0);
    unlink("/tmp/tp5.db");
    // the failing UPDATE is the one error: the shell's status is 1
    CHECK_EQ(run("sqlite3", "/tmp/tp5.db < /tmp/tp5.sql"), 1);
    CHECK(has_line("rolled back|0"));
    CHECK(has_line("temp|2000|1|2000"));
    CHECK(has_line("bigsort|2000"));
    CHECK(has_line("left|1000"));
    CHECK(has_line("ok"));
    unlink("/tmp/tp5.db");
    unlink("/tmp/tp5.sql");
    return 0;
}

static int
sqlite_wal(void)
{
    struct stat st;

    CHECK_EQ(put("/tmp/tp6.sql",
                 ".bail on\n"
                 "PRAGMA journal_mode = WAL;\n"
                 "CREATE TABLE w(a INTEGER PRIMARY KEY, b);\n"
                 "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000)\n"
                 "  INSERT INTO w SELECT i, zeroblob(200) FROM n;\n"
                 "INSERT INTO w(b) VALUES ('one'), ('two');\n"
                 "SELECT 'wal', count(*) FROM w;\n"
                 "PRAGMA wal_checkpoint(TRUNCATE);\n"
                 "PRAGMA journal_mode = DELETE;\n"
                 "PRAGMA integrity_check;\n"),
             0);
    unlink("/tmp/tp6.db");
    CHECK_EQ(run("sqlite3", "/tmp/tp6.db < /tmp/tp6.sql"), 0);
    CHECK(has_line("wal"));
    CHECK(has_line("wal|1002"));
    CHECK(has_line("0|0|0"));
    CHECK(has_line("delete"));
    CHECK(has_line("ok"));
    CHECK(stat("/tmp/tp6.db-wal", &st) == -1 && errno == ENOENT);
    CHECK(stat("/tmp/tp6.db-shm", &st) == -1 && errno == ENOENT);
    unlink("/tmp/tp6.db");
    unlink("/tmp/tp6.sql");
    return 0;
}

/* Two sqlite3 processes insert at once, each row saying how many rows it
 * saw: with the locks serialising them, every count is seen once. */
static int
sqlite_two_writers(void)
{
    char name[32], line[160], cmd[160];
    FILE *p[2];
    int st[2];

    for (int w = 0; w < 2; w++) {
        snprintf(name, sizeof(name), "/tmp/tp7w%d.sql", w);
        FILE *f = fopen(name, "w");
        CHECK(f != NULL);
        fputs(".timeout 30000\n.bail on\n", f);
        for (int i = 0; i < 40; i++) {
            snprintf(line, sizeof(line),
                     "BEGIN IMMEDIATE; INSERT INTO w VALUES(%d, %d, (SELECT count(*) FROM w));"
                     " COMMIT;\n",
                     w, i);
            fputs(line, f);
        }
        CHECK_EQ(fclose(f), 0);
    }
    unlink("/tmp/tp7.db");
    CHECK_EQ(run("sqlite3", "/tmp/tp7.db 'CREATE TABLE w(who, i, seen)'"), 0);
    for (int w = 0; w < 2; w++) {
        snprintf(cmd, sizeof(cmd), "%s/sqlite3 /tmp/tp7.db < /tmp/tp7w%d.sql", bin(), w);
        p[w] = popen(cmd, "r");
        CHECK(p[w] != NULL);
    }
    for (int w = 0; w < 2; w++)
        st[w] = pclose(p[w]);
    CHECK(WIFEXITED(st[0]) && WEXITSTATUS(st[0]) == 0);
    CHECK(WIFEXITED(st[1]) && WEXITSTATUS(st[1]) == 0);
    CHECK_EQ(run("sqlite3",
                 "/tmp/tp7.db 'SELECT who, count(*) FROM w GROUP BY who;"
                 " SELECT count(DISTINCT seen), max(seen) FROM w; PRAGMA integrity_check'"),
             0);
    CHECK(has_line("0|40"));
    CHECK(has_line("1|40"));
    CHECK(has_line("80|79"));
    CHECK(has_line("ok"));
    unlink("/tmp/tp7.db");
    unlink("/tmp/tp7w0.sql");
    unlink("/tmp/tp7w1.sql");
    return 0;
}

/* The same in WAL mode with a reader beside the writers: the three share
 * the -shm file's wal-index through mmap (MAP_SHARED: the file's OMF
 * window) and the locks on it. */
static int
sqlite_wal_writers_and_reader(void)
{
    char name[32], line[160], cmd[160];
    FILE *p[3];
    int st;

    for (int w = 0; w < 2; w++) {
        snprintf(name, sizeof(name), "/tmp/tp9w%d.sql", w);
        FILE *f = fopen(name, "w");
        CHECK(f != NULL);
        fputs(".timeout 30000\n.bail on\n", f);
        for (int i = 0; i < 30; i++) {
            snprintf(line, sizeof(line),
                     "BEGIN IMMEDIATE; INSERT INTO w VALUES(%d, %d, (SELECT count(*) FROM w));"
                     " COMMIT;\n",
                     w, i);
            fputs(line, f);
        }
        CHECK_EQ(fclose(f), 0);
    }
    CHECK_EQ(put("/tmp/tp9r.sql", ".timeout 30000\n.bail on\n"
                                  "SELECT count(*) = count(DISTINCT seen) FROM w;\n"
                                  "SELECT count(*) = count(DISTINCT seen) FROM w;\n"
                                  "SELECT count(*) = count(DISTINCT seen) FROM w;\n"
                                  "SELECT count(*) = count(DISTINCT seen) FROM w;\n"),
             0);
    unlink("/tmp/tp9.db");
    CHECK_EQ(
        run("sqlite3", "/tmp/tp9.db 'PRAGMA journal_mode = WAL; CREATE TABLE w(who, i, seen)'"), 0);
    CHECK(has_line("wal"));
    for (int w = 0; w < 3; w++) {
        if (w < 2)
            snprintf(cmd, sizeof(cmd), "%s/sqlite3 /tmp/tp9.db < /tmp/tp9w%d.sql", bin(), w);
        else
            snprintf(cmd, sizeof(cmd), "%s/sqlite3 /tmp/tp9.db < /tmp/tp9r.sql", bin());
        p[w] = popen(cmd, "r");
        CHECK(p[w] != NULL);
    }
    for (int n = 0; fgets(line, sizeof(line), p[2]); n++)
        CHECK(strcmp(line, "1\n") == 0); // a reader never sees a count twice
    for (int w = 0; w < 3; w++) {
        st = pclose(p[w]);
        CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    }
    CHECK_EQ(run("sqlite3",
                 "/tmp/tp9.db 'SELECT who, count(*) FROM w GROUP BY who;"
                 " SELECT count(DISTINCT seen), max(seen) FROM w; PRAGMA integrity_check'"),
             0);
    CHECK(has_line("0|30"));
    CHECK(has_line("1|30"));
    CHECK(has_line("60|59"));
    CHECK(has_line("ok"));
    unlink("/tmp/tp9.db");
    unlink("/tmp/tp9w0.sql");
    unlink("/tmp/tp9w1.sql");
    unlink("/tmp/tp9r.sql");
    return 0;
}

static int
speedtest_file(void)
{
    unlink("/tmp/tp8.db");
    CHECK_EQ(run("speedtest1", "--size 1 --testset main /tmp/tp8.db"), 0);
    CHECK(strstr(out, "PRAGMA integrity_check") != NULL);
    CHECK(strstr(out, "TOTAL") != NULL);
    unlink("/tmp/tp8.db");
    return 0;
}

static const struct tcase cases[] = {
    {"lua: tables, strings, coroutines, integers, utf8, number formats", lua_basics},
    {"lua at its limits: 200 nested pcalls end in its own C stack overflow, unbounded "
     "recursion in its own error, never a kill",
     lua_limits},
    {"lua: io.tmpfile, io.lines, os.rename, os.remove, os.tmpname, io.popen, os.execute; "
     "os.clock against os.time",
     lua_files_and_clocks},
    {"sqlite3 on a file: an index, big sorts, integrity_check, a second process reads it",
     sqlite_file},
    {"sqlite3: a statement journal spills and rolls one statement back; temp tables, VACUUM",
     sqlite_statement_journal},
    {"sqlite3: WAL mode, a checkpoint, back to a rollback journal", sqlite_wal},
    {"sqlite3: two writers at once, serialised by the file server's locks, lose nothing",
     sqlite_two_writers},
    {"sqlite3 in WAL mode: two writers and a reader at once share the -shm index (mmap)",
     sqlite_wal_writers_and_reader},
    {"speedtest1 --size 1 on a file", speedtest_file},
};

/* The smoke test make test runs (a few seconds of guest time): one case
 * of each program and the locks. */
static const struct tcase smoke[] = {
    {"lua: tables, strings, coroutines, integers, utf8, number formats", lua_basics},
    {"lua: 200 nested pcalls end in its own C stack overflow, never a kill", lua_limits},
    {"sqlite3: two writers at once, serialised by the file server's locks, lose nothing",
     sqlite_two_writers},
};

int
main(int argc, char **argv)
{
    struct stat st;
    int quick;

    if (tender_help(argc, argv, "t_ports", "test suite: Lua and SQLite, unchanged (TAP)"))
        return 0;
    if (argc == 3 && strcmp(argv[2], "smoke") == 0) { // the smoke test's cases only
        setenv("PORTS_SMOKE", "1", 1);
        argc = 2;
    }
    if (argc == 2) { // the folder of the ports, for every case
        setenv("PORTS_BIN", argv[1], 1);
        argc = 1;
    }
    if (argc == 1 && stat("/etc/passwd", &st) < 0) // warm up the file server, as t_posix does
        return 1;
    quick = getenv("PORTS_SMOKE") != NULL;
    return quick ? tap_main(argc, argv, smoke, sizeof(smoke) / sizeof(smoke[0]))
                 : tap_main(argc, argv, cases, sizeof(cases) / sizeof(cases[0]));
}
