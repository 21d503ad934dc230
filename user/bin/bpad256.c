/*
 * bpad256: a program of about 256 KiB (initialised data in the file) that does
 * nothing: hvsbench times proccreate against program size with it.
 */
#define PAD_BYTES (256 * 1024 - 6 * 1024) /* leave room for the code and headers */

static volatile char pad[PAD_BYTES] = {1};

int
main(void)
{
    return pad[0] - 1;
}
