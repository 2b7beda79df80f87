-- The glossary page this service was built for (shared/seed-terms.md), verbatim.
INSERT INTO term (slug, name, short_definition, description) VALUES
('transfer-learning', 'Transfer Learning',
 'A technique where knowledge gained from training on one task is applied to a different but related task, dramatically reducing the data and compute needed for new applications.',
 'Transfer learning is the foundation of modern AI deployment. Rather than training models from scratch for each application, organizations fine-tune pre-trained models on their specific data. ImageNet-pretrained CNNs have been transferred to medical imaging, satellite analysis, and manufacturing inspection. BERT and GPT pre-trained on general text have been adapted to legal, medical, and financial domains. Transfer learning has reduced the cost of building custom AI models from millions of dollars to thousands, democratizing AI access across industries.'),
('artificial-general-intelligence', 'Artificial General Intelligence (AGI)',
 'A hypothetical form of AI that can understand, learn, and apply knowledge across any intellectual task at or above human level, rather than being specialized for specific tasks.', ''),
('ai-alignment', 'AI Alignment',
 'The research field focused on ensuring AI systems behave in accordance with human values and intentions, particularly as systems become more capable.', ''),
('chatgpt', 'ChatGPT',
 'OpenAI''s conversational AI assistant, launched in November 2022, which catalyzed the current generative AI boom by demonstrating the capabilities of large language models to a mainstream audience.', ''),
('fine-tuning', 'Fine-Tuning',
 'The process of further training a pre-trained AI model on a specific, smaller dataset to specialize it for a particular task or domain, requiring far less compute than training from scratch.', ''),
('foundation-model', 'Foundation Model',
 'A large AI model trained on broad data that can be adapted to a wide range of downstream tasks — examples include GPT-4, Claude, Gemini, and Llama.', ''),
('frontier-model', 'Frontier Model',
 'The most capable and advanced AI models at any given time, typically trained with the largest compute budgets and achieving state-of-the-art performance on benchmarks.', '');

INSERT INTO term_alias (slug, term_id)
SELECT 'agi', id FROM term WHERE slug = 'artificial-general-intelligence';

INSERT INTO term_relation (term_low_id, term_high_id)
SELECT least(hub.id, other.id), greatest(hub.id, other.id)
FROM term hub
JOIN term other ON other.slug IN ('artificial-general-intelligence', 'ai-alignment', 'chatgpt',
                                  'fine-tuning', 'foundation-model', 'frontier-model')
WHERE hub.slug = 'transfer-learning';
