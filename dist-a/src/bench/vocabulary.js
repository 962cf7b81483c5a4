/**
 * Word lists for the synthetic dispatches. Wide enough that headlines rarely
 * repeat and a search index sees a realistic spread of terms; the punctuation
 * real dispatches carry (apostrophes, quotes, ampersands, accents) is in here
 * on purpose so escaping is exercised at scale.
 */
export const PLACES = [
    { dateline: 'BEIJING', city: 'Beijing', country: 'China' },
    { dateline: 'SHANGHAI', city: 'Shanghai', country: 'China' },
    { dateline: 'HONG KONG', city: 'Hong Kong', country: 'China' },
    { dateline: 'URUMQI', city: 'Urumqi', country: 'China' },
    { dateline: 'MOSCOW', city: 'Moscow', country: 'Russia' },
    { dateline: 'WASHINGTON', city: 'Washington', country: 'the United States' },
    { dateline: 'NEW YORK', city: 'New York', country: 'the United States' },
    { dateline: 'UNITED NATIONS', city: 'New York', country: 'the United States' },
    { dateline: 'LOS ANGELES', city: 'Los Angeles', country: 'the United States' },
    { dateline: 'RIO DE JANEIRO', city: 'Rio de Janeiro', country: 'Brazil' },
    { dateline: 'SÃO PAULO', city: 'São Paulo', country: 'Brazil' },
    { dateline: 'BRASÍLIA', city: 'Brasília', country: 'Brazil' },
    { dateline: 'BOGOTÁ', city: 'Bogotá', country: 'Colombia' },
    { dateline: 'BUENOS AIRES', city: 'Buenos Aires', country: 'Argentina' },
    { dateline: 'ASUNCIÓN', city: 'Asunción', country: 'Paraguay' },
    { dateline: 'MEXICO CITY', city: 'Mexico City', country: 'Mexico' },
    { dateline: 'SAN JOSÉ', city: 'San José', country: 'Costa Rica' },
    { dateline: 'LONDON', city: 'London', country: 'Britain' },
    { dateline: 'PARIS', city: 'Paris', country: 'France' },
    { dateline: 'BERLIN', city: 'Berlin', country: 'Germany' },
    { dateline: 'ZÜRICH', city: 'Zürich', country: 'Switzerland' },
    { dateline: 'GENEVA', city: 'Geneva', country: 'Switzerland' },
    { dateline: 'KRAKÓW', city: 'Kraków', country: 'Poland' },
    { dateline: 'REYKJAVÍK', city: 'Reykjavík', country: 'Iceland' },
    { dateline: 'THE HAGUE', city: 'The Hague', country: 'the Netherlands' },
    { dateline: 'BRUSSELS', city: 'Brussels', country: 'Belgium' },
    { dateline: 'ATHENS', city: 'Athens', country: 'Greece' },
    { dateline: 'ISTANBUL', city: 'Istanbul', country: 'Türkiye' },
    { dateline: 'CAIRO', city: 'Cairo', country: 'Egypt' },
    { dateline: 'NAIROBI', city: 'Nairobi', country: 'Kenya' },
    { dateline: 'ADDIS ABABA', city: 'Addis Ababa', country: 'Ethiopia' },
    { dateline: 'DAR ES SALAAM', city: 'Dar es Salaam', country: 'Tanzania' },
    { dateline: 'YAOUNDÉ', city: 'Yaoundé', country: 'Cameroon' },
    { dateline: 'LOMÉ', city: 'Lomé', country: 'Togo' },
    { dateline: 'JOHANNESBURG', city: 'Johannesburg', country: 'South Africa' },
    { dateline: 'NEW DELHI', city: 'New Delhi', country: 'India' },
    { dateline: 'ISLAMABAD', city: 'Islamabad', country: 'Pakistan' },
    { dateline: 'KUALA LUMPUR', city: 'Kuala Lumpur', country: 'Malaysia' },
    { dateline: 'PHNOM PENH', city: 'Phnom Penh', country: 'Cambodia' },
    { dateline: 'HANOI', city: 'Hanoi', country: 'Vietnam' },
    { dateline: 'JAKARTA', city: 'Jakarta', country: 'Indonesia' },
    { dateline: 'TOKYO', city: 'Tokyo', country: 'Japan' },
    { dateline: 'SEOUL', city: 'Seoul', country: 'South Korea' },
    { dateline: 'SYDNEY', city: 'Sydney', country: 'Australia' },
    { dateline: 'WELLINGTON', city: 'Wellington', country: 'New Zealand' },
    { dateline: 'PORT MORESBY', city: 'Port Moresby', country: 'Papua New Guinea' },
    { dateline: 'TEHRAN', city: 'Tehran', country: 'Iran' },
    { dateline: 'RIYADH', city: 'Riyadh', country: 'Saudi Arabia' },
];
export const LEADERS = [
    'Li Qiang', 'Mikhail Mishustin', 'Wang Yi', 'Antonio Guterres', 'Ursula von der Leyen',
    'Luiz Inácio Lula da Silva', 'Olaf Scholz', 'Emmanuel Macron', 'Narendra Modi', 'Anwar Ibrahim',
    'Hun Manet', 'Cyril Ramaphosa', 'William Ruto', 'Abiy Ahmed', 'Gustavo Petro', 'Javier Milei',
    'Anthony Albanese', 'Yoon Suk-yeol', 'Recep Tayyip Erdoğan', 'Kyriakos Mitsotakis',
    'Ngozi Okonjo-Iweala', "Tedros Adhanom Ghebreyesus", 'Kristalina Georgieva', 'Ding Xuexiang',
];
export const OFFICIAL_TITLES = [
    'Premier', 'President', 'Prime Minister', 'Foreign Minister', 'Vice Premier', 'Secretary-General',
    'Finance Minister', 'Trade Minister', 'Governor', 'Mayor',
];
export const ACTORS = [
    'the ministry', 'the central bank', 'local authorities', 'the national statistics bureau',
    'the organizing committee', 'the company', 'the provincial government', 'the World Health Organization',
    'the International Monetary Fund', 'the customs administration', 'the weather service',
    'the port authority', 'the environment ministry', 'the education department', 'the city government',
    'the national railway operator', 'the space agency', 'the football association', 'the research institute',
];
export const GROUPS = [
    'the two countries', 'both sides', 'the region', 'local farmers', 'small and medium-sized enterprises',
    'exporters', 'rescue teams', 'health workers', 'the industry', 'young people', 'rural communities',
    'investors', 'scientists', 'the authorities', 'tourism operators', "the country's manufacturers",
    'coastal cities', 'developing countries', 'universities', 'logistics firms',
];
export const VERBS_FUTURE = [
    'strengthen', 'expand', 'deepen', 'accelerate', 'upgrade', 'promote', 'safeguard', 'improve',
    'step up', 'broaden', 'modernize', 'support', 'streamline', 'restore', 'scale up',
];
export const VERBS_PAST = [
    'completed', 'launched', 'signed', 'opened', 'approved', 'reported', 'announced', 'unveiled',
    'finished', 'inaugurated', 'recorded', 'delivered', 'resumed', 'expanded', 'tested',
];
export const OBJECTS = [
    'practical cooperation in trade and investment', 'green and low-carbon development',
    'the digital economy', 'cross-border e-commerce', 'people-to-people exchanges', 'food security',
    'public health services', 'infrastructure connectivity', 'renewable energy projects',
    'research & development in new materials', 'flood control and disaster relief', 'vocational training',
    'the supply of clean drinking water', 'high-speed rail links', 'the protection of wetlands',
    'cultural heritage preservation', 'agricultural modernization', 'the new energy vehicle sector',
    "the region's tourism industry", 'maritime search and rescue', 'artificial intelligence applications',
    'the recycling of electronic waste', 'affordable housing', 'early-warning systems for typhoons',
    'the R&D capacity of local firms', 'the "Belt and Road" cooperation', 'rural revitalization',
    'the fight against desertification', 'satellite navigation services', 'the biomedicine industry',
];
export const PROJECTS = [
    'a 1,200-km railway', 'a solar power plant', 'a deep-water container terminal', 'a cross-sea bridge',
    'a hospital wing', 'an industrial park', 'a desalination plant', 'a wind farm', 'a hydropower station',
    'an expressway section', 'a vocational school', 'a cold-chain logistics center', 'a metro line',
    'a science museum', 'a data center', 'a water treatment facility',
];
export const METRICS = [
    'foreign trade', 'retail sales', 'industrial output', 'grain production', 'tourist arrivals',
    'exports of electric vehicles', 'fixed-asset investment', 'freight volume', 'electricity consumption',
    'box office revenue', 'passenger trips', 'online sales', 'coffee exports', 'crude steel output',
];
export const PERIODS = [
    'the first quarter', 'the first half of the year', 'the first three quarters', 'the past month',
    'the January-May period', 'the holiday week', 'the second quarter', 'the past five years',
];
export const EVENTS = [
    'forum', 'expo', 'summit', 'trade fair', 'marathon', 'film festival', 'symposium', 'book fair',
    'dialogue', 'exhibition', 'conference', 'cultural week', 'dragon boat race', 'science festival',
];
export const TOPICS = [
    'trade', 'climate change', 'food security', 'energy', 'tourism', 'education', 'public health',
    'digital economy', 'infrastructure', 'culture', 'sports', 'agriculture', 'poverty reduction',
    'water resources', 'space exploration', 'ocean governance', 'supply chains', 'urban transport',
];
export const PHOTO_ACTIONS = [
    'Visitors view exhibits at', 'People attend the opening ceremony of', 'Workers operate machinery at',
    'Athletes compete during', 'Children take part in', 'Tourists walk past', 'A staff member checks equipment at',
    'Performers dance during', 'Farmers harvest rice near', 'Delegates pose for a group photo at',
];
export const SURNAMES = [
    'Wang', 'Li', 'Zhang', 'Liu', 'Chen', 'Yang', 'Zhao', 'Huang', 'Zhou', 'Wu', 'Xu', 'Sun', 'Hu', 'Zhu',
    'Gao', 'Lin', 'He', 'Guo', 'Ma', 'Luo', 'Rao', 'Xie', 'Song', 'Tang', 'Han', 'Feng', 'Deng', 'Cao',
];
export const GIVEN_NAMES = [
    'Aimin', 'Wei', 'Min', 'Jing', 'Hao', 'Yan', 'Lei', 'Fang', 'Jun', 'Xiaoyu', 'Tingting', 'Zhiqiang',
    'Mengchen', 'Yuxuan', 'Ruoyu', 'Bingjie', 'Haoran', 'Shuang', 'Peng', 'Xin', 'Yue', 'Chao', 'Dan',
];
export const FOREIGN_NAMES = [
    "Sean O'Connor", 'María José Fernández', 'Ahmed El-Sayed', 'Olga Petrova', 'João Silva',
    'Amina Mohammed', 'Hans Müller', 'Priya Raman', 'Kwame Mensah', 'Søren Nielsen', 'Nguyễn Văn An',
    'Aiko Tanaka', 'Pablo Ortíz', 'Fatima Zahra Benali', 'Dmitry Volkov', 'Chloé Dubois',
];
export const EXPERT_TITLES = [
    'an economist at a local university', 'a senior researcher', 'director of the institute',
    'a resident of the city', 'general manager of the company', 'a professor of international relations',
    'head of the chamber of commerce', 'a tour guide', 'a doctor at the city hospital', 'a shop owner',
];
export const WEEKDAYS = [
    'Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday',
];
/** Month names as the AP style used in datelines writes them. */
export const DATELINE_MONTHS = [
    'Jan.', 'Feb.', 'March', 'April', 'May', 'June', 'July', 'Aug.', 'Sept.', 'Oct.', 'Nov.', 'Dec.',
];
