"""Digital-skills frameworks as versioned data: domains, competencies, proficiency levels, and per
rule group the rule for "đạt phổ cập kỹ năng số" (plan 67 III.2.a).

A framework is loaded from a YAML file in framework/data/ and edited by the province as a new
draft version; publishing a draft never changes an earlier version, so past results (lesson
mappings, certificates) keep pointing at the version they were made under.
May import: hocvuso.lib only.
"""
