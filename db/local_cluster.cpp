#include "db/local_cluster.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pwd.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>
#include <optional>
#include <random>
#include <sstream>

#include "common/subprocess.h"
#include "db/connection.h"

namespace starry::db {
namespace fs = std::filesystem;
namespace {

constexpr const char* kSuperuser = "starry";

struct PostgresUser {
  bool needed = false;  // true when we are root and must run the binaries as postgres
  uid_t uid = 0;
  gid_t gid = 0;
};

Result<PostgresUser> ResolvePostgresUser() {
  PostgresUser user;
  if (geteuid() != 0) return user;
  const passwd* pw = getpwnam("postgres");
  if (pw == nullptr) {
    return MakeError(ErrorCode::kUnavailable,
                     "running as root needs the 'postgres' user (apt-get install postgresql-15)");
  }
  user.needed = true;
  user.uid = pw->pw_uid;
  user.gid = pw->pw_gid;
  return user;
}

std::vector<std::string> AsPostgres(const PostgresUser& user, std::vector<std::string> argv) {
  if (!user.needed) return argv;
  std::vector<std::string> wrapped = {"runuser", "-u", "postgres", "--"};
  wrapped.insert(wrapped.end(), argv.begin(), argv.end());
  return wrapped;
}

Status ChownToPostgres(const PostgresUser& user, const fs::path& path) {
  if (user.needed && chown(path.c_str(), user.uid, user.gid) != 0) {
    return MakeError(ErrorCode::kFailedPrecondition,
                     "cannot hand " + path.string() + " to the postgres user");
  }
  return {};
}

// The postgres user must be able to traverse every parent of the data dir.
Status CheckReachable(const PostgresUser& user, const fs::path& dir) {
  if (!user.needed) return {};
  for (fs::path p = dir; !p.empty() && p != p.root_path(); p = p.parent_path()) {
    std::error_code ec;
    auto perms = fs::status(p, ec).permissions();
    if (ec) continue;
    if ((perms & fs::perms::others_exec) == fs::perms::none) {
      return MakeError(ErrorCode::kFailedPrecondition,
                       "the postgres user cannot enter " + p.string() +
                           "; set STARRY_DATA_DIR to a folder outside it (or chmod o+x it)");
    }
  }
  return {};
}

std::string RandomPassword() {
  std::random_device rd;
  static constexpr char kAlphabet[] =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  std::string s;
  for (int i = 0; i < 32; ++i) s += kAlphabet[rd() % (sizeof kAlphabet - 1)];
  return s;
}

std::string ReadFirstLine(const fs::path& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  return line;
}

Status WriteFile(const fs::path& path, const std::string& content, mode_t mode) {
  int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
  if (fd < 0) return MakeError(ErrorCode::kUnavailable, "cannot write " + path.string());
  bool ok = write(fd, content.data(), content.size()) == static_cast<ssize_t>(content.size());
  close(fd);
  if (!ok) return MakeError(ErrorCode::kUnavailable, "cannot write " + path.string());
  return {};
}

// Probes like PostgreSQL binds (SO_REUSEADDR), so that connections of a stopped cluster lingering
// in TIME_WAIT do not make its own port look taken.
bool PortIsFree(int port) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bool free = bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  close(fd);
  return free;
}

int PickFreePort() {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  int port = 0;
  if (fd >= 0 && bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) {
    socklen_t len = sizeof addr;
    getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    port = ntohs(addr.sin_port);
  }
  if (fd >= 0) close(fd);
  return port;
}

// Holds an exclusive flock on <root>/lock while starting or stopping.
class StartLock {
 public:
  explicit StartLock(const fs::path& root) {
    fd_ = open((root / "lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd_ >= 0) flock(fd_, LOCK_EX);
  }
  ~StartLock() {
    if (fd_ >= 0) close(fd_);
  }
  StartLock(const StartLock&) = delete;
  StartLock& operator=(const StartLock&) = delete;

 private:
  int fd_ = -1;
};

std::string LogTail(const fs::path& log) {
  std::ifstream in(log);
  std::string line, last;
  while (std::getline(in, line)) {
    if (line.find("FATAL") != std::string::npos || line.find("ERROR") != std::string::npos) {
      last = line;
    }
  }
  return last;
}

// Initialises into data.init and renames it to data once the configuration is complete, so a
// crash half-way leaves nothing that looks like a cluster (the next run starts over).
Status InitCluster(const PostgresUser& user, const fs::path& root, const fs::path& bin_dir,
                   const std::string& password, bool unsafe_fast) {
  fs::path data = root / "data.init";
  std::error_code ec;
  fs::remove_all(data, ec);
  fs::create_directories(data, ec);
  fs::permissions(data, fs::perms::owner_all, ec);
  if (auto s = ChownToPostgres(user, data); !s) return s;
  fs::path pwfile = root / "run" / "initpw";
  if (auto s = WriteFile(pwfile, password + "\n", 0600); !s) return s;
  if (auto s = ChownToPostgres(user, pwfile); !s) return s;
  auto run = RunCommand(
      AsPostgres(user, {(bin_dir / "initdb").string(), "-D", data.string(), "-U", kSuperuser,
                        "--pwfile=" + pwfile.string(), "--auth-host=scram-sha-256",
                        "--auth-local=peer", "--encoding=UTF8", "--locale=C.UTF-8"}));
  fs::remove(pwfile);
  if (!run) return std::unexpected(run.error());
  if (run->exit_code != 0) {
    std::error_code ec;
    fs::remove_all(data, ec);
    std::istringstream out(run->output);
    std::string line, last;
    while (std::getline(out, line)) {
      if (!line.empty()) last = line;
    }
    return MakeError(ErrorCode::kUnavailable, "initdb failed: " + last);
  }
  std::ofstream conf(data / "postgresql.conf", std::ios::app);
  conf << "\n# starry private cluster\n"
       << "listen_addresses = '127.0.0.1'\n"
       << "unix_socket_directories = '" << (root / "run").string() << "'\n"
       << "max_connections = 200\n"
       << "shared_buffers = 256MB\n"
       << "max_wal_size = 4GB\n"
       << "logging_collector = off\n";
  if (unsafe_fast) conf << "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n";
  conf.close();
  if (!conf || rename(data.c_str(), (root / "data").c_str()) != 0) {
    return MakeError(ErrorCode::kUnavailable, "cannot finish initialising " + data.string());
  }
  return {};
}

}  // namespace

LocalCluster::LocalCluster(fs::path root, fs::path bin_dir, int users_fd, int port,
                           std::string password, const std::string& database)
    : root_(std::move(root)),
      bin_dir_(std::move(bin_dir)),
      users_fd_(users_fd),
      port_(port),
      password_(std::move(password)) {
  conninfo_ = ConnInfoFor(database);
}

LocalCluster::LocalCluster(LocalCluster&& other) noexcept
    : root_(std::move(other.root_)),
      bin_dir_(std::move(other.bin_dir_)),
      users_fd_(std::exchange(other.users_fd_, -1)),
      port_(other.port_),
      password_(std::move(other.password_)),
      conninfo_(std::move(other.conninfo_)) {}

LocalCluster::~LocalCluster() { Release(); }

std::string LocalCluster::ConnInfoFor(const std::string& database) const {
  return "host=127.0.0.1 port=" + std::to_string(port_) + " user=" + kSuperuser +
         " password=" + password_ + " dbname=" + database;
}

Result<LocalCluster> LocalCluster::Open(const LocalClusterOptions& options) {
  auto user = ResolvePostgresUser();
  if (!user) return std::unexpected(user.error());
  if (!fs::exists(options.bin_dir / "pg_ctl")) {
    return MakeError(ErrorCode::kUnavailable,
                     "PostgreSQL 15 is not installed (no " + (options.bin_dir / "pg_ctl").string() +
                         "); run scripts/install-deps.sh or set DATABASE_URL");
  }
  fs::path root = fs::absolute(options.data_dir) / "postgres";
  std::error_code ec;
  fs::create_directories(root / "run", ec);
  if (ec) return MakeError(ErrorCode::kUnavailable, "cannot create " + root.string());
  fs::permissions(root, fs::perms::owner_all | fs::perms::others_exec | fs::perms::group_exec, ec);
  if (auto s = CheckReachable(*user, root); !s) return std::unexpected(s.error());
  if (auto s = ChownToPostgres(*user, root / "run"); !s) return std::unexpected(s.error());

  // Held while starting, released before `cluster` exists: its destructor (on an error path
  // below) takes the lock again through another descriptor, and flock would block on us.
  std::optional<StartLock> lock(std::in_place, root);
  fs::path password_file = root / "password";
  fs::path data = root / "data";
  std::string password = ReadFirstLine(password_file);
  if (!fs::exists(data / "PG_VERSION")) {
    password = RandomPassword();
    if (auto s = WriteFile(password_file, password + "\n", 0600); !s) {
      return std::unexpected(s.error());
    }
    fs::remove_all(data, ec);  // an earlier half-initialised attempt
    if (auto s = InitCluster(*user, root, options.bin_dir, password, options.unsafe_fast); !s) {
      return std::unexpected(s.error());
    }
  }
  if (password.empty()) {
    return MakeError(ErrorCode::kFailedPrecondition,
                     "the private cluster's password file " + password_file.string() +
                         " is missing; remove " + root.string() + " to start afresh");
  }

  fs::path pg_ctl = options.bin_dir / "pg_ctl";
  fs::path log = root / "postgres.log";
  int port = 0;
  auto status = RunCommand(AsPostgres(*user, {pg_ctl.string(), "-D", data.string(), "status"}));
  if (status && status->exit_code == 0) {
    // Running already: line 4 of postmaster.pid is its port.
    std::ifstream pid_file(data / "postmaster.pid");
    std::string line;
    for (int i = 0; i < 4 && std::getline(pid_file, line); ++i) {
    }
    port = std::atoi(line.c_str());
  } else {
    port = std::atoi(ReadFirstLine(root / "port").c_str());
    if (port <= 0 || !PortIsFree(port)) port = PickFreePort();
    if (port <= 0) return MakeError(ErrorCode::kUnavailable, "no free port on 127.0.0.1");
    if (!fs::exists(log)) {
      if (auto s = WriteFile(log, "", 0640); !s) return std::unexpected(s.error());
      if (auto s = ChownToPostgres(*user, log); !s) return std::unexpected(s.error());
    }
    auto start = RunCommand(
        AsPostgres(*user, {pg_ctl.string(), "-D", data.string(), "-l", log.string(), "-w", "-t",
                           "60", "-o", "-p " + std::to_string(port), "start"}));
    if (!start) return std::unexpected(start.error());
    if (start->exit_code != 0) {
      std::string why = LogTail(log);
      return MakeError(ErrorCode::kUnavailable, "the private PostgreSQL did not start (" +
                                                    (why.empty() ? "see " + log.string() : why) +
                                                    ")");
    }
    if (auto s = WriteFile(root / "port", std::to_string(port) + "\n", 0644); !s) {
      return std::unexpected(s.error());
    }
  }
  if (port <= 0) return MakeError(ErrorCode::kUnavailable, "cannot tell the cluster's port");

  int users_fd = open((root / "users").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (users_fd < 0 || flock(users_fd, LOCK_SH) != 0) {
    if (users_fd >= 0) close(users_fd);
    return MakeError(ErrorCode::kUnavailable, "cannot lock " + (root / "users").string());
  }
  lock.reset();  // we are a user now: nobody stops the cluster under us
  LocalCluster cluster(root, options.bin_dir, users_fd, port, password, options.database);

  // Create the database on first use.
  auto admin = Connect(cluster.ConnInfoFor("postgres"));
  if (!admin) return std::unexpected(admin.error());
  try {
    pqxx::nontransaction tx(**admin);
    auto r = tx.exec_params("SELECT 1 FROM pg_database WHERE datname = $1", options.database);
    if (r.empty()) tx.exec0("CREATE DATABASE " + tx.quote_name(options.database));
  } catch (const std::exception& e) {
    return std::unexpected(ErrorFromException(e));
  }
  return cluster;
}

Status LocalCluster::Pin() {
  return WriteFile(root_ / "pinned", "pinned by `starry pg start`\n", 0644);
}

void LocalCluster::Release() {
  if (users_fd_ < 0) return;
  StartLock lock(root_);
  // Trade our shared lock for an exclusive one: granted only when nobody else holds one.
  flock(users_fd_, LOCK_UN);
  bool last_user = flock(users_fd_, LOCK_EX | LOCK_NB) == 0;
  close(users_fd_);
  users_fd_ = -1;
  if (!last_user || fs::exists(root_ / "pinned")) return;
  auto user = ResolvePostgresUser();
  if (!user) return;
  (void)RunCommand(AsPostgres(*user, {(bin_dir_ / "pg_ctl").string(), "-D",
                                      (root_ / "data").string(), "-m", "fast", "-w", "stop"}));
}

Status LocalCluster::StopNow(const LocalClusterOptions& options) {
  auto user = ResolvePostgresUser();
  if (!user) return std::unexpected(user.error());
  fs::path root = fs::absolute(options.data_dir) / "postgres";
  if (!fs::exists(root / "data" / "PG_VERSION")) return {};
  StartLock lock(root);
  fs::remove(root / "pinned");
  auto run = RunCommand(AsPostgres(
      *user, {(options.bin_dir / "pg_ctl").string(), "-D", (root / "data").string(), "status"}));
  if (!run || run->exit_code != 0) return {};  // not running
  auto stop = RunCommand(AsPostgres(*user, {(options.bin_dir / "pg_ctl").string(), "-D",
                                            (root / "data").string(), "-m", "fast", "-w", "stop"}));
  if (!stop) return std::unexpected(stop.error());
  if (stop->exit_code != 0) {
    return MakeError(ErrorCode::kUnavailable, "pg_ctl stop failed: " + stop->output);
  }
  return {};
}

}  // namespace starry::db
