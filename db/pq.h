// @brief The one place libpqxx is included from, with the settings DESIGN.md requires.
#pragma once

// libpqxx 6.4 reads NULL into std::optional only with this defined (else it crashes).
#ifndef PQXX_HAVE_OPTIONAL
#define PQXX_HAVE_OPTIONAL 1
#endif
#include <pqxx/pqxx>
