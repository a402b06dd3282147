// coroscope-runner: holds the built-in samples and runs one of them in a
// child process that the window drives.

#include <coroscope/runnermain.h>

#include <sampleprograms.h>

int main(int argc, char **argv)
{
    return coroscope::runnerMain(argc, argv, [](const coroscope::RunnerRequest &request) {
        std::function<coroscope::Task<void>()> program;
        if (const coroscope::samples::SampleMain main = coroscope::samples::findSampleMain(request.name)) {
            coroscope::samples::SampleOptions options;
            options.args = request.args;
            options.workDir = request.workDir;
            program = [main, options] { return main(options); };
        }
        return program;
    });
}
