/* guichet's entry point: the command line, with the full-screen desk when no command is given. */
#include "cli.h"
#include "i18n.h"
#include "ui.h"

int main(int argc, char **argv)
{
    i18n_init();
    return cli_main(argc, argv, ui_run);
}
