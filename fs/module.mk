# fs/module.mk - the ext2 library (DESIGN §5): pure C, linked into the file
# server and into the host tests. Sources only; whoever links them compiles
# them with its own flags.
FS_SRCS := fs/super.c fs/bcache.c fs/balloc.c fs/inode.c fs/dir.c fs/namei.c fs/orphan.c fs/pcache.c \
	fs/symlink.c fs/resolve.c
