#include <stdio.h>
#include <tender.h>

int
main(int argc, char **argv)
{
    if (tender_help(argc, argv, "peek", "the README's first program: a greeter in a new space"))
        return 0;
    rid_t vm = vmcreate("lab", RCC_OWNER(RCC_ALL) | RCC_GROUP(RCC_REF | RCC_ATT));
    char *args[] = {"hello", "from", "the", "lab", NULL};
    rid_t pid = proccreate("greeter", "/bin/hello", args, vm, RCC_OWNER(RCC_ALL));
    int status;

    printf("%s (%d args): I am %d in space %d; greeter %d went to space %d\n", argv[0], argc,
           getpid(), getvmid(0), pid, getvmid(pid));
    procwait(pid, &status);
    resdelete(vm);
    return PROC_EXITCODE(status);
}
