/* main: the servelint command; everything is in cli.c so tests can drive it. */
#include "servelint/cli.h"

int main(int argc, char **argv) { return sl_cli_main(argc, argv); }
