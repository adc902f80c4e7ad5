//! `isoaudit clauses` through the real binary.

use crate::harness::isoaudit;
use predicates::prelude::*;

#[test]
fn json_lists_91_clauses_with_both_titles() {
    let out = isoaudit().args(["clauses", "--json"]).output().unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let a = v.as_array().unwrap();
    assert_eq!(a.len(), 91);
    for c in a {
        for key in [
            "id",
            "title_en",
            "title_zh",
            "parent",
            "documented_information",
            "iso9001_2008",
        ] {
            assert!(c.get(key).is_some(), "{c} lacks {key}");
        }
        assert!(!c["title_en"].as_str().unwrap().is_empty());
        assert!(!c["title_zh"].as_str().unwrap().is_empty());
    }
    assert_eq!(a[0]["id"], "4");
    assert_eq!(a[90]["id"], "10.3");
}

/// The catalog against the published clause table of GB/T 19001-2016, restated here
/// independently of clauses.toml: every id, in order, with its GB/T 19001-2016 title.
#[test]
fn catalog_matches_the_reference_table() {
    let expected: &[(&str, &str)] = &[
        ("4", "组织环境"),
        ("4.1", "理解组织及其环境"),
        ("4.2", "理解相关方的需求和期望"),
        ("4.3", "确定质量管理体系的范围"),
        ("4.4", "质量管理体系及其过程"),
        ("4.4.1", ""),
        ("4.4.2", ""),
        ("5", "领导作用"),
        ("5.1", "领导作用和承诺"),
        ("5.1.1", "总则"),
        ("5.1.2", "以顾客为关注焦点"),
        ("5.2", "方针"),
        ("5.2.1", "制定质量方针"),
        ("5.2.2", "沟通质量方针"),
        ("5.3", "组织的岗位、职责和权限"),
        ("6", "策划"),
        ("6.1", "应对风险和机遇的措施"),
        ("6.1.1", ""),
        ("6.1.2", ""),
        ("6.2", "质量目标及其实现的策划"),
        ("6.2.1", ""),
        ("6.2.2", ""),
        ("6.3", "变更的策划"),
        ("7", "支持"),
        ("7.1", "资源"),
        ("7.1.1", "总则"),
        ("7.1.2", "人员"),
        ("7.1.3", "基础设施"),
        ("7.1.4", "过程运行环境"),
        ("7.1.5", "监视和测量资源"),
        ("7.1.5.1", "总则"),
        ("7.1.5.2", "测量溯源"),
        ("7.1.6", "组织的知识"),
        ("7.2", "能力"),
        ("7.3", "意识"),
        ("7.4", "沟通"),
        ("7.5", "成文信息"),
        ("7.5.1", "总则"),
        ("7.5.2", "创建和更新"),
        ("7.5.3", "成文信息的控制"),
        ("7.5.3.1", ""),
        ("7.5.3.2", ""),
        ("8", "运行"),
        ("8.1", "运行的策划和控制"),
        ("8.2", "产品和服务的要求"),
        ("8.2.1", "顾客沟通"),
        ("8.2.2", "产品和服务要求的确定"),
        ("8.2.3", "产品和服务要求的评审"),
        ("8.2.3.1", ""),
        ("8.2.3.2", ""),
        ("8.2.4", "产品和服务要求的更改"),
        ("8.3", "产品和服务的设计和开发"),
        ("8.3.1", "总则"),
        ("8.3.2", "设计和开发策划"),
        ("8.3.3", "设计和开发输入"),
        ("8.3.4", "设计和开发控制"),
        ("8.3.5", "设计和开发输出"),
        ("8.3.6", "设计和开发更改"),
        ("8.4", "外部提供的过程、产品和服务的控制"),
        ("8.4.1", "总则"),
        ("8.4.2", "控制类型和程度"),
        ("8.4.3", "提供给外部供方的信息"),
        ("8.5", "生产和服务提供"),
        ("8.5.1", "生产和服务提供的控制"),
        ("8.5.2", "标识和可追溯性"),
        ("8.5.3", "顾客或外部供方的财产"),
        ("8.5.4", "防护"),
        ("8.5.5", "交付后活动"),
        ("8.5.6", "更改控制"),
        ("8.6", "产品和服务的放行"),
        ("8.7", "不合格输出的控制"),
        ("8.7.1", ""),
        ("8.7.2", ""),
        ("9", "绩效评价"),
        ("9.1", "监视、测量、分析和评价"),
        ("9.1.1", "总则"),
        ("9.1.2", "顾客满意"),
        ("9.1.3", "分析与评价"),
        ("9.2", "内部审核"),
        ("9.2.1", ""),
        ("9.2.2", ""),
        ("9.3", "管理评审"),
        ("9.3.1", "总则"),
        ("9.3.2", "管理评审输入"),
        ("9.3.3", "管理评审输出"),
        ("10", "改进"),
        ("10.1", "总则"),
        ("10.2", "不合格和纠正措施"),
        ("10.2.1", ""),
        ("10.2.2", ""),
        ("10.3", "持续改进"),
    ];
    let out = isoaudit().args(["clauses", "--json"]).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let got: Vec<(String, String, bool, String)> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["id"].as_str().unwrap().to_string(),
                c["title_zh"].as_str().unwrap().to_string(),
                c["untitled"].as_bool().unwrap(),
                c["parent"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    assert_eq!(got.len(), expected.len());
    let titles: std::collections::HashMap<&str, &str> = got
        .iter()
        .map(|(i, t, _, _)| (i.as_str(), t.as_str()))
        .collect();
    for ((id, zh, untitled, parent), (eid, ezh)) in got.iter().zip(expected) {
        assert_eq!(id, eid);
        if ezh.is_empty() {
            assert!(untitled, "{id} is an untitled paragraph");
            assert_eq!(
                zh,
                titles[parent.as_str()],
                "{id} carries its parent's title"
            );
        } else {
            assert_eq!(zh, ezh, "title of {id}");
        }
    }
}

#[test]
fn show_in_chinese() {
    isoaudit()
        .args(["clauses", "show", "7.5", "--lang", "zh"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("7.5 成文信息"))
        .stdout(predicate::str::contains("7.5.3    成文信息的控制"));
}

#[test]
fn locale_picks_chinese() {
    isoaudit()
        .env("LANG", "zh_CN.UTF-8")
        .args(["clauses", "show", "9.2"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("9.2 内部审核"));
}

#[test]
fn show_lists_documented_information() {
    isoaudit()
        .args(["clauses", "show", "9.2.2"])
        .assert()
        .success()
        .stdout(predicate::str::contains("[retain]"))
        .stdout(predicate::str::contains("ISO 9001:2008: 8.2.2"));
}

#[test]
fn from_2008_names_the_document_control_clauses() {
    let out = isoaudit()
        .args(["clauses", "--from-2008", "4.2.3", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let ids: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert!(ids.contains(&"7.5.2") && ids.contains(&"7.5.3"), "{ids:?}");
    assert!(!ids.contains(&"9.2"));
}

#[test]
fn unknown_clause_fails_with_hint() {
    isoaudit()
        .args(["clauses", "show", "7.9"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("error: unknown clause \"7.9\""))
        .stderr(predicate::str::contains("hint: did you mean"));
}

#[test]
fn find_treats_synonyms_as_one() {
    let out = isoaudit()
        .args(["clauses", "find", "形成文件的信息", "--json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let ids: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["7.5", "7.5.3"]);
}

#[test]
fn custom_catalog_errors_name_line() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path().join("bad.toml");
    std::fs::write(
        &p,
        "[[clause]]\nid = \"4.1\"\ntitle_en = \"A\"\ntitle_zh = \"甲\"\n",
    )
    .unwrap();
    isoaudit()
        .args(["clauses", "--catalog"])
        .arg(&p)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "line 2: clause 4.1: its parent clause 4 is missing",
        ));
}

/// `clauses show` lists the documented information the sub-clauses require (9.2's is in
/// 9.2.2), and an untitled paragraph correlates with the 2008 clauses its parent does.
#[test]
fn show_lists_sub_clauses_documented_information_and_2008_agrees() {
    let out = isoaudit()
        .args(["clauses", "show", "9.2"])
        .output()
        .unwrap();
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(s.contains("9.2.2 [retain]"), "{s}");
    let out = isoaudit()
        .args(["clauses", "show", "6.1.1"])
        .output()
        .unwrap();
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(s.contains("ISO 9001:2008: 5.4.2, 8.5.3"), "{s}");
}
