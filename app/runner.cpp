// coroscope-runner: holds the built-in samples and runs one of them in a
// child process that the window drives.

#include <coroscope/runnermain.h>

#include <sampleprograms.h>

int main(int argc, char **argv)
{
    return coroscope::runnerMain(argc, argv, [](const coroscope::RunnerRequest &request) {
        std::function<coroscope::Task<void>()> program;
        if (const coroscope::samples::Sample *sample = coroscope::samples::findSample(request.name)) {
            coroscope::samples::SampleOptions options;
            options.args = request.args;
            options.workDir = request.workDir;
            program = [main = coroscope::samples::findSampleMain(sample->info.name), options] { return main(options); };
        }
        return program;
    });
}
