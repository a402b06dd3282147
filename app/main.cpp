// coroscope: the desktop app, or with --headless (or --list-samples, --help)
// the command line. Everything but choosing between the two lives in
// coroscope_cli (and, for the window, coroscope_ui).

#include "cli.h"

#include <QCoreApplication>
#include <QTextStream>

#ifdef COROSCOPE_HAVE_UI
#include <QApplication>
#include <rungui.h> // ui/: int coroscope::ui::runGui(QApplication &, const coroscope::cli::CliOptions &)
#endif

int main(int argc, char **argv)
{
    QStringList args;
    for (int i = 0; i < argc; ++i)
        args << QString::fromLocal8Bit(argv[i]);
    const coroscope::cli::CliParse parsed = coroscope::cli::parseCli(args);
    const bool gui = parsed.options && parsed.options->wantsGui();
#ifdef COROSCOPE_HAVE_UI
    if (gui) {
        QApplication app(argc, argv);
        return coroscope::ui::runGui(app, *parsed.options);
    }
#endif
    // Headless runs need no display: a QCoreApplication (QCoro and Qt awaitables still work).
    QCoreApplication app(argc, argv);
    QTextStream out(stdout);
    QTextStream err(stderr);
    if (gui) {
        err << "coroscope: built without the desktop UI; running headless\n";
        err.flush();
    }
    return coroscope::cli::runCli(args, out, err);
}
