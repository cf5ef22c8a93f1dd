"""Campaign operations (plan 67 III.4.d, III.5 a-e): community tech teams, digital ambassadors and
youth volunteers, the commune support person for online public services, the mentor cascade
"Người hướng dẫn - Người học", door-to-door visits, weekly community sessions in rotation through the
hamlets with attendance, events (e.g. "Ngày hội toàn dân học tập số", 10 October), public wifi points,
and the household and identity programmes ("Gia đình số", "Mỗi công dân - Một danh tính số",
"Chợ số - Nông thôn số" 4T).

May import: hocvuso.lib, hocvuso.geo, hocvuso.framework, hocvuso.accounts, hocvuso.people,
hocvuso.learning, hocvuso.assessment (not certificates: same layer; certification status is read
through hocvuso.assessment selectors or a callback registry when needed).
"""
