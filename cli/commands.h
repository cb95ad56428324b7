// @brief The subcommands of `starry`; each takes the arguments after its name.
#pragma once

#include <string>
#include <vector>

namespace starry::cli {

using Args = std::vector<std::string>;

int RunMigrate(const Args& args);
int RunSeed(const Args& args);
int RunServe(const Args& args);
int RunPg(const Args& args);
int RunReindex(const Args& args);
int RunSync(const Args& args);
int RunIndex(const Args& args);
int RunAnalytics(const Args& args);
int RunAdmin(const Args& args);

}  // namespace starry::cli
