// Folders in stateful mode: named lists of service ids. Codes and texts marked "invented"
// are ours: the samples show only successes.
#include "parts.hpp"

#include <boost/json/array.hpp>

#include <algorithm>

namespace regru::mocks::simulated {
namespace {

json::object folder_missing() {
    // Invented code and wording.
    return failure("FOLDER_NOT_FOUND", "Folder not found");
}

// The folder a call names by folder_name or folder_id, or nullptr.
json::object* folder_named(json::object& account, const json::object& params, std::string* name_out = nullptr) {
    json::object& folders = account["folders"].as_object();
    std::string name = text_param(params, "folder_name"), id = text_param(params, "folder_id");
    for (auto& [key, folder] : folders) {
        bool match = name.empty() ? id == text_param(folder.as_object(), "folder_id") : name == key;
        if (match) {
            if (name_out) *name_out = key;
            return &folder.as_object();
        }
    }
    return nullptr;
}

std::optional<json::object> taken(const json::object& account, const std::string& name) {
    if (name.empty()) return failure("PARAMETER_MISSING", "Required parameter missing: folder_name", {{"param", "folder_name"}});
    // Invented code and wording.
    if (account.at("folders").as_object().contains(name)) return failure("FOLDER_ALREADY_EXISTS", "Folder already exists");
    return std::nullopt;
}

outcome create(json::object& account, const json::object& params) {
    std::string name = text_param(params, "folder_name");
    if (auto refused = taken(account, name)) return {*refused};
    std::int64_t id = account["next_folder_id"].as_int64();
    account["next_folder_id"] = id + 1;
    account["folders"].as_object()[name] = json::object{{"folder_id", std::to_string(id)}, {"services", json::array{}}};
    return {success(json::object{{"folder_id", std::to_string(id)}, {"folder_name", name}}), true};
}

outcome rename(json::object& account, const json::object& params) {
    std::string old_name;
    json::object* folder = folder_named(account, params, &old_name);
    if (folder == nullptr) return {folder_missing()};
    std::string new_name = text_param(params, "new_folder_name");
    if (auto refused = taken(account, new_name)) return {*refused};
    json::object kept = std::move(*folder);  // taken out first: inserting may move the folders
    json::object& folders = account["folders"].as_object();
    folders.erase(old_name);
    folders[new_name] = std::move(kept);
    return {success(json::object{}), true};
}

outcome remove(json::object& account, const json::object& params) {
    std::string name;
    if (folder_named(account, params, &name) == nullptr) return {folder_missing()};
    account["folders"].as_object().erase(name);
    return {success(json::object{}), true};
}

// A service a call lists: {domain_name} or {service_id}, answered as {dname, service_id, servtype}.
json::object service_item(json::object& account, const json::object& entry) {
    std::string dname = text_param(entry, "domain_name");
    if (dname.empty()) dname = text_param(entry, "dname");
    std::string id = text_param(entry, "service_id");
    if (!dname.empty()) id = service_id_of(account, dname);
    for (const auto& [domain, known] : account["services"].as_object()) {
        if (dname.empty() && is_text(known, id)) dname = domain;
    }
    std::string servtype = text_param(entry, "servtype");
    return {{"dname", dname}, {"service_id", id}, {"servtype", servtype.empty() ? "domain" : servtype}};
}

json::array contents(json::object& account, const json::object& folder) {
    json::array listed;
    for (const json::value& id : folder.at("services").as_array()) {
        json::object item = service_item(account, json::object{{"service_id", id}});
        listed.push_back(json::object{{"domain_name", item["dname"]}, {"service_id", id}, {"servtype", item["servtype"]}});
    }
    return listed;
}

// add_services, remove_services, replace_services: per-item answers in `services`.
outcome change_services(json::object& account, std::string_view method, const json::object& params) {
    json::object* folder = folder_named(account, params);
    if (folder == nullptr) return {folder_missing()};
    json::array& ids = (*folder)["services"].as_array();
    if (method == "replace_services") ids.clear();
    json::array answered;
    if (const json::value* list = params.if_contains("services"); list && list->is_array()) {
        for (const json::value& entry : list->get_array()) {
            json::object item = service_item(account, entry.is_object() ? entry.get_object() : json::object{});
            const json::value& id = item["service_id"];
            auto at = std::find(ids.begin(), ids.end(), id);
            if (method == "remove_services" && at != ids.end()) ids.erase(at);
            if (method != "remove_services" && at == ids.end()) ids.push_back(id);
            item["result"] = "success";
            answered.push_back(std::move(item));
        }
    }
    json::object answer{{"services", std::move(answered)}};
    if (text_param(params, "return_folder_contents") == "1") answer["folder_content"] = contents(account, *folder);
    return {success(std::move(answer)), true};
}

}  // namespace

std::optional<outcome> folder_call(json::object& account, std::string_view method, const json::object& params) {
    if (method == "folder/create") return create(account, params);
    if (method == "folder/rename") return rename(account, params);
    if (method == "folder/remove") return remove(account, params);
    if (method == "folder/add_services" || method == "folder/remove_services" || method == "folder/replace_services") {
        return change_services(account, method.substr(7), params);
    }
    if (method == "folder/get_services") {
        json::object* folder = folder_named(account, params);
        if (folder == nullptr) return outcome{folder_missing()};
        return outcome{success(json::object{{"folder_content", contents(account, *folder)}})};
    }
    return std::nullopt;
}

}  // namespace regru::mocks::simulated
