#include "output/list_writer.hpp"

#include <cstdio>

#include "catalog/models.hpp"
#include "core/text.hpp"

namespace lab {

void write_list(std::ostream& out, const std::vector<scenario_spec>& scenarios) {
  out << "models: " << join(model_names(), ", ") << "\n";
  for (const auto& m : model_catalog()) {
    char line[64];
    std::snprintf(line, sizeof line, "  %-9s ", m.name.c_str());
    out << line << m.scheduling << " (" << m.executable << ")\n";
    for (const auto& g : m.gaps) out << "            does not run " << g.scenario << ": " << g.reason << "\n";
  }
  out << "\nscenarios:\n";
  for (const auto& sp : scenarios) {
    out << "\n  " << sp.name << ": " << sp.summary << "\n    models: " << join(sp.models(), ", ")
        << "\n    ideal:  " << sp.ideal << "\n";
    for (const auto& p : sp.params) {
      std::string range;
      switch (p.kind) {
        case param_kind::integer:
        case param_kind::number:
          // append(), not operator+: g++ 12 warns falsely (-Wrestrict) on "[" + std::string.
          range.append("[").append(format_number(p.min)).append("..").append(format_number(p.max)).append("]");
          break;
        case param_kind::choice: range = join(p.choices, "|"); break;
        case param_kind::text: range = "text"; break;
      }
      char line[256];
      std::snprintf(line, sizeof line, "    %-14s default %-12s %-22s ", p.name.c_str(), p.default_value.c_str(),
                    range.c_str());
      out << line << p.help;
      if (!p.models.empty()) out << " [" << join(p.models, ", ") << "]";
      out << "\n";
    }
  }
}

}  // namespace lab
